package domain;

import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The six recommendation categories. Each is a rule on the enriched model fields (never on substrings of ids):
 * who qualifies, and how the qualifiers are ranked; special-purpose models (Purpose) never qualify. With
 * benchmark evidence (any model of the catalog has an index), Most Capable follows the intelligence index, Coding
 * the coding index and Best Value the intelligence index per dollar; the others follow the score, which then
 * rests on usage and the indices. Ties go by the one order. The sync writes them to
 * data/model_recommendations.json; search uses the same rules for --best-value and --coding.
 */
public enum Recommend {
    BEST_VALUE("best_value", "Best Value", "💎"),
    MOST_CAPABLE("most_capable", "Most Capable", "🚀"),
    FASTEST("fastest", "Fastest", "⚡"),
    BUDGET("budget_friendly", "Budget Friendly", "💰"),
    VISION("vision", "Vision Tasks", "👁️"),
    CODING("coding", "Coding", "💻");

    public static final int PICKS = 5;

    /** mark: the spec's emoji for the category, which `recommend` shows before its title (the files keep the title alone). */
    public final String key, title, mark;

    Recommend(String key, String title, String mark) {
        this.key = key;
        this.title = title;
        this.mark = mark;
    }

    /** A category's rule in one catalog: its wording, who qualifies, the order, and why a pick is there. */
    public record Rule(String text, Predicate<Model> fits, Comparator<Model> order, Function<Model, String> reason) {
        /** The best n that fit (0: all), best first; a bounded heap, as a catalog may hold 100,000 models. */
        public List<Model> pick(List<Model> models, int n) {
            if (n == 0) return models.stream().filter(fits).sorted(order).toList();
            java.util.PriorityQueue<Model> best = new java.util.PriorityQueue<>(order.reversed());
            for (Model m : models)
                // once n are held, a model ranked below the worst of them is passed over without touching the heap
                if (fits.test(m) && (best.size() < n || order.compare(m, best.peek()) <= 0)) {
                    best.add(m);
                    if (best.size() > n) best.poll();
                }
            List<Model> out = new java.util.ArrayList<>(best);
            out.sort(order);
            return out;
        }
    }

    public List<Model> pick(List<Model> catalog, int n) { return rule(catalog).pick(catalog, n); }

    /** What every rule of one catalog needs: its one order, its general models, whether it has benchmark evidence, its median intelligence index. */
    public record Candidates(Map<String, Integer> position, Set<String> general, boolean evidence, double median) {}

    public static Candidates candidates(List<Model> models) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < models.size(); i++) position.putIfAbsent(models.get(i).modelName(), i);
        Set<String> general = new HashSet<>();
        models.forEach(m -> { if (Purpose.of(m.id()) == null) general.add(m.id()); });
        return new Candidates(position, general, models.stream().anyMatch(m -> m.figures().indexed()),
                median(models.stream().filter(m -> general.contains(m.id())).toList()));
    }

    /** The rule as it applies to `catalog` (in the one order): with benchmark evidence when the catalog has any. */
    public Rule rule(List<Model> catalog) { return rule(candidates(catalog)); }

    public Rule rule(Candidates c) {
        Comparator<Model> inOrder = Comparator.comparingInt(m -> c.position().getOrDefault(m.modelName(), Integer.MAX_VALUE));
        boolean evidence = c.evidence();
        double median = c.median();
        Predicate<Model> general = m -> c.general().contains(m.id());
        Function<Model, String> score = m -> "score " + m.popularity() + usage(m);
        return switch (this) {
            case BEST_VALUE -> evidence
                    ? of("tools, not premium, intelligence index at least the catalog's median (" + Score.index(median)
                            + "); ranked by intelligence index per blended $/1M", general, m -> m.functionCalling()
                            && !m.costTier().equals("premium") && m.blendedCostPer1m() > 0 && intelligence(m) >= median,
                            m -> intelligence(m) / m.blendedCostPer1m(), inOrder,
                            m -> "intelligence index " + Score.index(intelligence(m)) + " at " + price(m))
                    : of("tools, budget or standard tier, not small, score >= 50; ranked by score minus 10 x log10(1 + blended $/1M)",
                            general, m -> m.functionCalling() && !m.costTier().equals("premium") && !m.hasTag("small") && m.popularity() >= 50,
                            m -> m.popularity() - 10 * Math.log10(1 + m.blendedCostPer1m()), inOrder, m -> score.apply(m) + " at " + price(m));
            case MOST_CAPABLE -> evidence
                    ? of("tools and an intelligence index; ranked by intelligence index, then score",
                            general, m -> m.functionCalling() && m.figures().intelligence() != null,
                            m -> intelligence(m) * 1000 + m.popularity(), inOrder,
                            m -> "intelligence index " + Score.index(intelligence(m)) + ", " + score.apply(m))
                    : of("tools and reasoning, standard or premium tier, not small; ranked by score, then context",
                            general, m -> m.functionCalling() && m.reasoning() && !m.costTier().equals("budget") && !m.hasTag("small"),
                            m -> m.popularity() + m.contextLength() / 1e9, inOrder,
                            m -> score.apply(m) + "; tools, reasoning" + (m.vision() ? ", vision" : "") + ", " + m.contextLength() / 1000 + "k context");
            case FASTEST -> of("tagged small (mini, nano, flash, lite, haiku, small or <= 15B parameters); ranked by score",
                    general, m -> m.hasTag("small"), Model::popularity, inOrder, m -> "small model, " + score.apply(m) + ", " + price(m));
            case BUDGET -> of("budget tier with tools; ranked by score, then price", general, m -> m.costTier().equals("budget") && m.functionCalling(),
                    m -> m.popularity() - m.blendedCostPer1m() / 100, inOrder, m -> price(m) + ", " + score.apply(m));
            case VISION -> of("accepts image input; ranked by score", general, Model::vision, Model::popularity, inOrder,
                    m -> "image input, " + score.apply(m) + ", " + m.costTier());
            case CODING -> evidence
                    ? of("tools and a coding index; ranked by coding index, then score",
                            general, m -> m.functionCalling() && m.figures().coding() != null,
                            m -> m.figures().coding() * 1000 + m.popularity(), inOrder,
                            m -> "coding index " + Score.index(m.figures().coding()) + ", " + score.apply(m))
                    : of("tools and (code-specialised or reasoning); code-specialised models get +10 when ranked",
                            general, m -> m.functionCalling() && (m.hasTag("coding") || m.reasoning()),
                            m -> m.popularity() + (m.hasTag("coding") ? 10 : 0), inOrder,
                            m -> (m.hasTag("coding") ? "code-specialised" : "tools + reasoning") + ", " + score.apply(m));
        };
    }

    /** A rule for general models only, asked last: it is the one lookup among a category's tests. */
    static Rule of(String text, Predicate<Model> general, Predicate<Model> fits, ToDoubleFunction<Model> rank, Comparator<Model> ties,
                   Function<Model, String> reason) {
        return new Rule(text, fits.and(general), Comparator.comparingDouble(rank).reversed().thenComparing(ties), reason);
    }

    static double intelligence(Model m) { return m.figures().intelligence() == null ? -1 : m.figures().intelligence(); }

    /** The median intelligence index of the models that have one. */
    static double median(List<Model> models) {
        double[] x = models.stream().filter(m -> m.figures().intelligence() != null)
                .mapToDouble(m -> m.figures().intelligence()).sorted().toArray();
        return x.length == 0 ? 0 : x.length % 2 == 1 ? x[x.length / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2;
    }

    static String price(Model m) { return String.format(Locale.ROOT, "$%.2f in / $%.2f out per 1M", m.inputCostPer1m(), m.outputCostPer1m()); }

    static String usage(Model m) {
        Double share = m.figures().usageShare();
        return share == null ? "" : String.format(Locale.ROOT, ", %.2f%% of OpenRouter tokens", share * 100);
    }
}
