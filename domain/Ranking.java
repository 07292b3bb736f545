package domain;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
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
        Map<String, Double> score = new HashMap<>();
        List<Model> scored = new ArrayList<>();
        for (Model m : models) {
            List<Score.Part> parts = Score.parts(m, field);
            score.put(m.id(), Score.sum(parts));
            scored.add(m.withPopularity(Score.total(parts)));
        }
        Comparator<Model> best = Comparator.comparingDouble((Model m) -> score.get(m.id())).reversed()
                .thenComparing(Comparator.comparingLong(Model::created).reversed()).thenComparing(Model::id);
        scored.sort(best);
        List<Model> general = new ArrayList<>(), rest = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Model m : scored) (!field.special().contains(m.id()) && taken.add(base(m)) ? general : rest).add(m);
        List<Model> out = greedy(general, best, makerShare, field.versions());
        out.addAll(rest);
        return out;
    }

    /** The model a listing is of: its id without the `:variant`. */
    static String base(Model m) { return m.id().replaceFirst(":.*", ""); }

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

    static List<Model> greedy(List<Model> models, Comparator<Model> best, double share, Map<String, Versions.Version> versions) {
        Map<String, List<Model>> families = new LinkedHashMap<>();
        Map<String, Double> version = new HashMap<>();
        for (Model m : models) {
            Versions.Version v = versions.get(m.id());
            version.put(m.id(), v.number());
            families.computeIfAbsent(v.family(), k -> new ArrayList<>()).add(m);
        }
        Map<String, MakerQueue> byMaker = new LinkedHashMap<>();
        for (List<Model> family : families.values()) {
            family.sort(Comparator.comparingDouble((Model m) -> version.get(m.id())).reversed().thenComparing(best));
            byMaker.computeIfAbsent(Score.maker(family.get(0)), k -> new MakerQueue(best)).heads.add(new ArrayDeque<>(family));
        }
        TreeSet<MakerQueue> makers = new TreeSet<>(Comparator.comparing(MakerQueue::head, best));
        makers.addAll(byMaker.values());
        List<Model> out = new ArrayList<>(models.size());
        while (!makers.isEmpty()) {
            int limit = makerLimit(out.size() + 1, share);
            MakerQueue chosen = makers.stream().filter(q -> q.count < limit).findFirst().orElse(makers.first());
            makers.remove(chosen);
            out.add(chosen.take());
            if (!chosen.heads.isEmpty()) makers.add(chosen);
        }
        return out;
    }

    /** One maker's families, each best version first; its head is the best model it may offer now. */
    static final class MakerQueue {
        final PriorityQueue<Deque<Model>> heads;
        int count;

        MakerQueue(Comparator<Model> best) { heads = new PriorityQueue<>(Comparator.comparing(Deque::peekFirst, best)); }

        Model head() { return heads.peek().peekFirst(); }

        Model take() {
            Deque<Model> family = heads.poll();
            Model m = family.pollFirst();
            if (!family.isEmpty()) heads.add(family);
            count++;
            return m;
        }
    }
}
