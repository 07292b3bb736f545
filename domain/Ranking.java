package domain;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * The one order of a provider's models: `sync N` writes its first N, data/models.json keeps it, and `list`,
 * `top`, `filter` and `search` show it without sorting again. General models first, taken one at a time: the
 * best-scoring model whose maker stays within `max_maker_share` of the entries taken so far (at least one
 * each), and never before a newer version of its own family (Versions); when no maker has room, the best
 * model. One listing per model takes a general slot: of a model and its kept `:variant`s, the best-scoring.
 * Special-purpose models (Purpose) and the other variants follow, by score. Each prefix obeys the share, so
 * every N does.
 */
public final class Ranking {
    /** The models, scored against each other, in the one order. */
    public static List<Model> order(List<Model> models, double makerShare) { return order(models, Score.field(models), makerShare); }

    /** The models, scored against `field` (Score.field of them), in the one order. */
    static List<Model> order(List<Model> models, Score.Field field, double makerShare) {
        // each model is scored on its own: two cores score a 100,000-model catalog in half the time
        List<Scored> scored = new ArrayList<>(models.parallelStream().map(m -> {
            List<Score.Part> parts = Score.parts(m, field);
            return new Scored(m.withPopularity(Score.total(parts)), Score.sum(parts), field.versions().get(m.id()));
        }).toList());
        scored.sort(Scored::best);
        List<Scored> general = new ArrayList<>();
        List<Model> rest = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Scored s : scored)
            if (!field.special().contains(s.model.id()) && taken.add(base(s.model))) general.add(s);
            else rest.add(s.model);
        List<Model> out = greedy(general, makerShare);
        out.addAll(rest);
        return out;
    }

    /** A model with its unrounded score and its version: what the order compares, at hand rather than looked up. */
    record Scored(Model model, double score, Versions.Version version) {
        /** Best first: the higher score, then the newer, then by id. */
        static int best(Scored a, Scored b) {
            int c = Double.compare(b.score, a.score);
            if (c == 0) c = Long.compare(b.model.created(), a.model.created());
            return c != 0 ? c : a.model.id().compareTo(b.model.id());
        }

        /** Within a family: the higher version first, then best. */
        static int newest(Scored a, Scored b) {
            int c = Double.compare(b.version.number(), a.version.number());
            return c != 0 ? c : best(a, b);
        }
    }

    /** The model a listing is of: its id without the `:variant`. */
    static String base(Model m) { return Listing.base(m.id()); }

    /** Why a model follows every general model, or null when it takes a general slot. */
    public static String follows(Model m, List<Model> ranked) {
        String purpose = Purpose.of(m.id());
        if (purpose != null) return "special-purpose (" + purpose + "): it takes no general slot";
        for (Model x : ranked) {
            if (x == m) return null;
            if (base(x).equals(base(m)) && Purpose.of(x.id()) == null)
                return "a variant of the same model as " + x.id() + ", which takes the general slot (one entry per model)";
        }
        return null;
    }

    /** At most max(1, floor(n x share)) of the first n entries are of one maker, for every n, while another maker has models left. */
    public static int makerLimit(int n, double share) { return Math.max(1, (int) Math.floor(n * share + 1e-9)); }

    static List<Model> greedy(List<Scored> models, double share) {
        Map<String, List<Scored>> families = new LinkedHashMap<>();
        for (Scored s : models) families.computeIfAbsent(s.version.family(), k -> new ArrayList<>()).add(s);
        Map<String, MakerQueue> byMaker = new LinkedHashMap<>();
        for (List<Scored> family : families.values()) {
            family.sort(Scored::newest);
            byMaker.computeIfAbsent(Score.maker(family.get(0).model), k -> new MakerQueue()).heads.add(new ArrayDeque<>(family));
        }
        TreeSet<MakerQueue> makers = new TreeSet<>((a, b) -> Scored.best(a.head(), b.head()));
        makers.addAll(byMaker.values());
        List<Model> out = new ArrayList<>(models.size());
        while (!makers.isEmpty()) {
            int limit = makerLimit(out.size() + 1, share);
            MakerQueue chosen = makers.first();
            for (MakerQueue q : makers)
                if (q.count < limit) {
                    chosen = q;
                    break;
                }
            makers.remove(chosen);
            out.add(chosen.take().model);
            if (!chosen.heads.isEmpty()) makers.add(chosen);
        }
        return out;
    }

    /** One maker's families, each best version first; its head is the best model it may offer now. */
    static final class MakerQueue {
        final PriorityQueue<Deque<Scored>> heads = new PriorityQueue<>((a, b) -> Scored.best(a.peekFirst(), b.peekFirst()));
        int count;

        Scored head() { return heads.peek().peekFirst(); }

        Scored take() {
            Deque<Scored> family = heads.poll();
            Scored m = family.pollFirst();
            if (!family.isEmpty()) heads.add(family);
            count++;
            return m;
        }
    }
}
