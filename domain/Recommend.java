package domain;

import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * The six recommendation categories. Each is a rule on the enriched model fields (never on substrings of ids):
 * who qualifies, and how the qualifiers are ranked. The sync writes them to data/model_recommendations.json;
 * search uses the same rules for --best-value, --coding and --vision.
 */
public enum Recommend {
    BEST_VALUE("best_value", "Best Value", "tools, budget or standard tier, not small, score >= 50; ranked by score minus 10 x log10(1 + blended $/1M)",
            m -> m.functionCalling() && !m.costTier().equals("premium") && !m.hasTag("small") && m.popularity() >= 50,
            m -> m.popularity() - 10 * Math.log10(1 + m.blendedCostPer1m())),
    MOST_CAPABLE("most_capable", "Most Capable", "tools and reasoning, standard or premium tier, not small; ranked by score, then context",
            m -> m.functionCalling() && m.reasoning() && !m.costTier().equals("budget") && !m.hasTag("small"),
            m -> m.popularity() + m.contextLength() / 1e9),
    FASTEST("fastest", "Fastest", "tagged small (mini, nano, flash, lite, haiku, small or <= 15B parameters); ranked by score",
            m -> m.hasTag("small"),
            Model::popularity),
    BUDGET("budget_friendly", "Budget Friendly", "budget tier with tools; ranked by score, then price",
            m -> m.costTier().equals("budget") && m.functionCalling(),
            m -> m.popularity() - m.blendedCostPer1m() / 100),
    VISION("vision", "Vision Tasks", "accepts image input; ranked by score",
            Model::vision,
            Model::popularity),
    CODING("coding", "Coding", "tools and (code-specialised or reasoning); code-specialised models get +10 when ranked",
            m -> m.functionCalling() && (m.hasTag("coding") || m.reasoning()),
            m -> m.popularity() + (m.hasTag("coding") ? 10 : 0));

    public static final int PICKS = 5;

    public final String key, title, rule;
    public final Predicate<Model> fits;
    private final ToDoubleFunction<Model> rank;

    Recommend(String key, String title, String rule, Predicate<Model> fits, ToDoubleFunction<Model> rank) {
        this.key = key;
        this.title = title;
        this.rule = rule;
        this.fits = fits;
        this.rank = rank;
    }

    /** Best first; ties by model name so the order never depends on the input order. */
    public Comparator<Model> order() {
        return Comparator.comparingDouble(rank).reversed().thenComparing(Model::modelName);
    }

    public List<Model> pick(List<Model> models, int n) {
        return models.stream().filter(fits).sorted(order()).limit(n).toList();
    }

    /** Why a model is in this category, in a few words an operator can check against the table. */
    public String reason(Model m) {
        String price = String.format("$%.2f in / $%.2f out per 1M", m.inputCostPer1m(), m.outputCostPer1m());
        return switch (this) {
            case BEST_VALUE -> "score " + m.popularity() + " at " + price;
            case MOST_CAPABLE -> "score " + m.popularity() + "; tools, reasoning" + (m.vision() ? ", vision" : "")
                    + ", " + m.contextLength() / 1000 + "k context";
            case FASTEST -> "small model, score " + m.popularity() + ", " + price;
            case BUDGET -> price + ", score " + m.popularity();
            case VISION -> "image input, score " + m.popularity() + ", " + m.costTier();
            case CODING -> (m.hasTag("coding") ? "code-specialised" : "tools + reasoning") + ", score " + m.popularity();
        };
    }
}
