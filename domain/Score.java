package domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The score (0-100) of an OpenRouter model, part by part, judged against the catalog it was synced with (its
 * Field). Every part is computed from what data/models.json keeps, so `explain` shows the parts the sync added.
 *
 * Without evidence (the prior), the sum of:
 *   maker         20 a frontier lab (FRONTIER), 10 an established one (ESTABLISHED), 0 others
 *   current       12 unless a newer version of its family is listed (Versions)
 *   standing      16 x (1 + log10(price / reference)), 0-16, halved when the id names fewer than 100B
 *                 parameters (27b, 8b): the reference is the highest blended price among the maker's current
 *                 general models listed within 180 days of it, ultra-premium aside. So a maker's flagship gets
 *                 16, and its small and cheap models of the same generation (a tenth of the price) get 0. A
 *                 model its maker names as its largest (a pro, opus, large, ultra or max word) gets 16
 *   recency       30 x (1 - age / 2 years), age from `created` to the newest model of the catalog
 *   capabilities  tools 6, reasoning 4, image input 2
 *   context       6 x log2(context / 8k) / log2(1M / 8k), 0-6
 *   price         -15 when ultra-premium (blended >= $50 per 1M: a model for rare, hard problems)
 * With evidence (any model of the catalog has figures): 0.4 x the prior, plus
 *   usage         30 x log10(1 + share / 0.1%) / log10(1 + 10% / 0.1%), at most 30: the model's share of
 *                 OpenRouter's tokens over the window, counted from the day it was listed
 *   quality       30 x the intelligence index / the best intelligence index of the catalog (without an
 *                 intelligence index: the same for its coding and agentic indices, averaged)
 */
public final class Score {
    static final Set<String> FRONTIER = Set.of("openai", "anthropic", "google", "x-ai", "deepseek", "moonshotai", "z-ai", "qwen",
            "mistralai", "minimax", "meta-llama");
    static final Set<String> ESTABLISHED = Set.of("cohere", "microsoft", "amazon", "nvidia", "perplexity", "xiaomi", "bytedance-seed",
            "baidu", "tencent", "ai21", "ibm-granite", "inclusionai", "stepfun", "nousresearch", "allenai");
    static final double ULTRA = 50, PRIOR_WITH_EVIDENCE = 0.4, SMALL_PARAMETERS = 100;
    static final Set<String> LARGEST = Set.of("pro", "opus", "large", "ultra", "max");
    static final long GENERATION_DAYS = 180;

    /**
     * Other orders' tie-break, and the order of providers without a ranking (Azure, direct): score, then newest, then
     * name. Written out, not composed of Comparator's lambdas, which `explain` (that loads this class) would link.
     */
    public static final Comparator<Model> ORDER = new Comparator<>() {
        @Override
        public int compare(Model a, Model b) {
            if (a.popularity() != b.popularity()) return Integer.compare(b.popularity(), a.popularity());
            if (a.created() != b.created()) return Long.compare(b.created(), a.created());
            return a.modelName().compareTo(b.modelName());
        }
    };

    /**
     * One part of a score: what it is, the points it added, and the input it was computed from, as words and Shown
     * numbers joined only when asked (a sync scores 100,000 models, `explain` shows one; and a supplier's lambda
     * would cost `explain` the linking of its first lambda, more than its own work).
     */
    public record Part(String name, double points, Object... words) {
        public String input() {
            StringBuilder sb = new StringBuilder();
            for (Object w : words) sb.append(w);
            return sb.toString();
        }
    }

    /** A number of a part's input, written as `explain` shows it when the input is asked for. */
    record Shown(As as, double value) {
        enum As { DATE, MONEY, INDEX, TOKENS, PERCENT }

        @Override
        public String toString() {
            return switch (as) {
                case DATE -> LocalDate.ofEpochDay(Math.floorDiv((long) value, 86400)).toString(); // UTC, without loading the time zones
                case MONEY -> money(value);
                case INDEX -> index(value);
                case TOKENS -> Table.grouped((long) value);
                case PERCENT -> Table.decimals(value * 100, 2) + "%";
            };
        }
    }

    /** What every score of one catalog is judged against; reference: each model's reference price (standing). */
    public record Field(long newest, Set<String> special, Map<String, Versions.Version> versions, Map<String, String> supersededBy,
                        Map<String, Double> reference, double bestIntelligence, double bestCoding, double bestAgentic, boolean evidence) {}

    /**
     * What the parts of one model need of its catalog's Field. The read commands' index keeps one per ranked model,
     * so that `explain` shows the parts of one model without scoring the whole catalog again.
     */
    public record Standing(long newest, String newer, double reference, double bestIntelligence, double bestCoding, double bestAgentic,
                           boolean evidence) {
        /** The field narrowed to `m`: parts(m, standing(f, m).field(m)) are parts(m, f). */
        public Field field(Model m) {
            return new Field(newest, Set.of(), Map.of(m.id(), Versions.of(m.id())), newer == null ? Map.of() : Map.of(m.id(), newer),
                    Map.of(m.id(), reference), bestIntelligence, bestCoding, bestAgentic, evidence);
        }
    }

    public static Standing standing(Field f, Model m) {
        return new Standing(f.newest(), f.supersededBy().get(m.id()), f.reference().getOrDefault(m.id(), 0.0), f.bestIntelligence(),
                f.bestCoding(), f.bestAgentic(), f.evidence());
    }

    public static Field field(List<Model> models) {
        long newest = models.stream().mapToLong(Model::created).max().orElse(0);
        Map<String, Versions.Version> versions = Versions.of(models);
        Map<String, String> superseded = Versions.superseded(models, versions);
        Set<String> special = new java.util.HashSet<>(models.parallelStream().map(Model::id).filter(id -> Purpose.of(id) != null).toList());
        return new Field(newest, special, versions, superseded, references(models, special, superseded), best(models, Figures::intelligence),
                best(models, Figures::coding), best(models, Figures::agentic), models.stream().anyMatch(m -> m.figures().any()));
    }

    /** For each model, the highest price among its maker's current general models listed within 180 days of it (sliding maximum). */
    static Map<String, Double> references(List<Model> models, Set<String> special, Map<String, String> superseded) {
        long window = GENERATION_DAYS * 86400L;
        Map<String, List<Model>> byMaker = new HashMap<>();
        models.stream().sorted(Comparator.comparingLong(Model::created)).forEach(m -> byMaker.computeIfAbsent(maker(m), k -> new ArrayList<>()).add(m));
        Map<String, Double> out = new HashMap<>();
        for (List<Model> all : byMaker.values()) {
            List<Model> refs = all.stream().filter(m -> !special.contains(m.id()) && !superseded.containsKey(m.id())
                    && m.blendedCostPer1m() < ULTRA).toList();
            java.util.ArrayDeque<Model> max = new java.util.ArrayDeque<>();
            int next = 0;
            for (Model m : all) {
                for (; next < refs.size() && refs.get(next).created() <= m.created() + window; next++) {
                    while (!max.isEmpty() && max.peekLast().blendedCostPer1m() <= refs.get(next).blendedCostPer1m()) max.pollLast();
                    max.addLast(refs.get(next));
                }
                while (!max.isEmpty() && max.peekFirst().created() < m.created() - window) max.pollFirst();
                out.put(m.id(), max.isEmpty() ? 0 : max.peekFirst().blendedCostPer1m());
            }
        }
        return out;
    }

    static double best(List<Model> models, java.util.function.Function<Figures, Double> index) {
        return models.stream().map(m -> index.apply(m.figures())).filter(d -> d != null).mapToDouble(Double::doubleValue).max().orElse(0);
    }

    public static String maker(Model m) { return m.id().substring(0, m.id().indexOf('/')); }

    public static List<Part> parts(Model m, Field f) {
        List<Part> parts = new ArrayList<>(prior(m, f));
        if (!f.evidence()) return parts;
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            parts.set(i, new Part(p.name(), p.points() * PRIOR_WITH_EVIDENCE, p.words()));
        }
        parts.add(usage(m.figures().usageShare()));
        parts.add(quality(m.figures(), f));
        return parts;
    }

    /** The sum of the parts, rounded, 0-100: the `popularity` models.json and the config carry. */
    public static int total(List<Part> parts) {
        return (int) Math.round(clamp(sum(parts), 0, 100));
    }

    public static double sum(List<Part> parts) { return parts.stream().mapToDouble(Part::points).sum(); } // compensated, as the order was made

    static List<Part> prior(Model m, Field f) {
        String maker = maker(m);
        List<Part> parts = new ArrayList<>();
        parts.add(FRONTIER.contains(maker) ? new Part("maker", 20, maker, ": a frontier lab")
                : ESTABLISHED.contains(maker) ? new Part("maker", 10, maker, ": an established lab") : new Part("maker", 0, maker));
        String newer = f.supersededBy().get(m.id());
        String family = f.versions().get(m.id()).family();
        parts.add(newer == null ? new Part("current", 12, "the newest version of its family (", family.substring(family.lastIndexOf('/') + 1), ")")
                : new Part("current", 0, "superseded by ", newer));
        parts.add(standing(m, f.reference().getOrDefault(m.id(), 0.0)));
        double days = Math.max(0, (f.newest() - m.created()) / 86400.0);
        parts.add(new Part("recency", 30 * Math.max(0, 1 - days / 730), "listed ", new Shown(Shown.As.DATE, m.created()), ", ",
                Math.round(days), " days before the newest model of the catalog"));
        List<String> caps = new ArrayList<>();
        if (m.functionCalling()) caps.add("tools");
        if (m.reasoning()) caps.add("reasoning");
        if (m.vision()) caps.add("image input");
        parts.add(new Part("capabilities", (m.functionCalling() ? 6 : 0) + (m.reasoning() ? 4 : 0) + (m.vision() ? 2 : 0),
                caps.isEmpty() ? "none of tools, reasoning, image input" : String.join(", ", caps)));
        parts.add(new Part("context", clamp(6 * Math.log(m.contextLength() / 8192.0) / Math.log(1_000_000 / 8192.0), 0, 6),
                new Shown(Shown.As.TOKENS, m.contextLength()), " tokens"));
        if (m.blendedCostPer1m() >= ULTRA) parts.add(new Part("price", -15, new Shown(Shown.As.MONEY, m.blendedCostPer1m()), " blended per 1M: ultra-premium"));
        return parts;
    }

    static Part standing(Model m, double ref) {
        List<String> words = Tags.words(Listing.base(m.id()));
        double blended = m.blendedCostPer1m(), size = Tags.parameters(words);
        String largest = null;
        for (String w : words) if (largest == null && LARGEST.contains(w)) largest = w;
        if (largest != null && blended > 0) return new Part("standing", 16, "named its maker's largest (", largest, ")");
        boolean small = size > 0 && size < SMALL_PARAMETERS;
        double points = ref <= 0 || blended <= 0 ? 0 : 16 * clamp(1 + Math.log10(blended / ref), 0, 1) * (small ? 0.5 : 1);
        return new Part("standing", points, new Shown(Shown.As.MONEY, blended), " blended per 1M against ", new Shown(Shown.As.MONEY, ref),
                ", the most of ", maker(m), "'s current models of its time", small ? "; halved for " : "", small ? new Shown(Shown.As.INDEX, size) : "",
                small ? "B parameters" : "");
    }

    static Part usage(Double share) {
        if (share == null) return new Part("usage", 0, "not among OpenRouter's 50 most used models of any day");
        double points = 30 * Math.min(1, Math.log10(1 + share / 0.001) / Math.log10(101));
        return new Part("usage", points, new Shown(Shown.As.PERCENT, share), " of OpenRouter's tokens while listed");
    }

    static Part quality(Figures x, Field f) {
        if (x.intelligence() != null && f.bestIntelligence() > 0)
            return new Part("quality", 30 * x.intelligence() / f.bestIntelligence(), "intelligence index ", new Shown(Shown.As.INDEX, x.intelligence()),
                    " (best of the catalog ", new Shown(Shown.As.INDEX, f.bestIntelligence()), ")");
        boolean coding = x.coding() != null && f.bestCoding() > 0, agentic = x.agentic() != null && f.bestAgentic() > 0;
        if (!coding && !agentic) return new Part("quality", 0, "no benchmark index");
        double shares = (coding ? x.coding() / f.bestCoding() : 0) + (agentic ? x.agentic() / f.bestAgentic() : 0);
        return new Part("quality", 30 * shares / ((coding ? 1 : 0) + (agentic ? 1 : 0)), "no intelligence index; coding ", x.coding() == null ? "-" : new Shown(Shown.As.INDEX, x.coding()),
                ", agentic ", x.agentic() == null ? "-" : new Shown(Shown.As.INDEX, x.agentic()));
    }

    // Table's numbers, not String.format's: `explain` shows these, and the first format of a JVM loads the locale data

    static String index(double v) { return v == Math.rint(v) ? String.valueOf((long) v) : Table.decimals(v, 1); }

    static String money(double v) { return "$" + Table.decimals(v, 2); }

    static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }
}
