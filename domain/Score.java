package domain;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The popularity score (0-100) of an OpenRouter listing, and the one order every list of models is shown in. */
public final class Score {
    static final Set<String> LEADING = Set.of("openai", "anthropic", "google");
    static final Set<String> ESTABLISHED = Set.of("meta-llama", "mistralai", "x-ai", "deepseek", "qwen", "moonshotai",
            "z-ai", "cohere", "microsoft", "amazon", "nvidia", "perplexity", "minimax");
    /** Words that mark a pre-release or a special edition rather than the model operators ask for by name. */
    static final Set<String> EDITION_WORDS = Set.of("preview", "exp", "experimental", "alpha", "beta", "fast", "customtools", "latest");
    static final Pattern SNAPSHOT = Pattern.compile("\\d{4}|\\d{6,8}|\\d{2}");

    /** Best first: score, then newest, then name; never depends on the catalog's order. */
    public static final Comparator<Model> ORDER = Comparator.comparingInt(Model::popularity).reversed()
            .thenComparing(Comparator.comparingLong(Model::created).reversed()).thenComparing(Model::modelName);

    /**
     * Popularity 0-100, the sum of:
     *   provider reputation  20 leading (openai, anthropic, google), 14 established (ESTABLISHED), 6 others
     *   recency              30 x (1 - age / 2 years), age counted from the newest model in the catalog
     *   capabilities         tools 8, image input 6, reasoning 6
     *   context              10 x log2(context / 8k) / log2(1M / 8k), clamped to 0-10
     *   price                6 at <= $0.50 blended per 1M, falling 3 per tenfold price, 0 at >= $50
     *   maturity             5 for a stable release: no preview/beta/exp/fast/... word and no date snapshot word
     *                        ("2603", "20260420", the "02-23" of "-02-23") in the id
     * rounded to a whole number.
     */
    public static int popularity(Listing l, List<String> tags, long newestCreated) {
        double reputation = LEADING.contains(l.provider()) ? 20 : ESTABLISHED.contains(l.provider()) ? 14 : 6;
        double ageDays = Math.max(0, (newestCreated - l.created()) / 86400.0);
        double recency = 30 * Math.max(0, 1 - ageDays / 730);
        double capabilities = (tags.contains("function-calling") ? 8 : 0) + (tags.contains("vision") ? 6 : 0) + (tags.contains("reasoning") ? 6 : 0);
        double context = clamp(10 * Math.log(l.contextLength() / 8192.0) / Math.log(1_000_000 / 8192.0), 0, 10);
        double price = clamp(6 - 3 * Math.log10(Math.max(l.blendedPer1m(), 0.5) / 0.5), 0, 6);
        double maturity = stable(Tags.words(l.id())) ? 5 : 0;
        return (int) Math.round(clamp(reputation + recency + capabilities + context + price + maturity, 0, 100));
    }

    /** No pre-release or edition word, and no date-like number word (a snapshot rather than the release). */
    static boolean stable(List<String> words) {
        return words.stream().noneMatch(w -> EDITION_WORDS.contains(w) || SNAPSHOT.matcher(w).matches());
    }

    static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
