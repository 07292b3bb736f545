package domain;

import com.eclipsesource.json.Json;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Everything the read commands can show: the synced catalog, plus the config's entries the catalog does not
 * describe (direct OpenAI / Anthropic, Azure, hand-written ones), so a search covers every provider.
 */
public final class Universe {
    /** Every model in the one order data/models.json holds (Ranking's), then the config's entries the catalog does not describe. */
    public final List<Model> models;
    /** How many of `models` are the catalog's. */
    public final int catalogSize;
    /** Where in `models` the models the config serves are, in the one order: `list` reads only those. */
    public final int[] servedAt;
    /** Every tag and every provider the models have: what a filter's argument is checked against. */
    final Set<String> tags, providers;
    /** The attribution of the evidence behind the catalog's figures (usage, benchmarks), to show with them. */
    public final Map<String, String> credits;
    /** The config's entries: who serves which model (what their model_info says is in the models made of them). */
    public final List<ProxyConfig.Entry> entries;
    /** The standing of each ranked (OpenRouter) model of the catalog, in the one order: what `explain` scores one model by. */
    public final List<Score.Standing> standings;
    /** The listings the last sync left out, and why. */
    public final List<Filter.Drop> dropped;
    /** The recommendations of the catalog, or null when their file is absent or corrupt. */
    public final List<Recommendations.Category> recommendations;
    /** What the filters look at of each of `models`. */
    public final Facets facets;
    /** Each of `models` as a row of the models table (Table.row). */
    public final List<List<String>> rows;

    Universe(List<Model> models, int catalogSize, int[] servedAt, Set<String> tags, Set<String> providers, Map<String, String> credits,
             List<ProxyConfig.Entry> entries, List<Score.Standing> standings, List<Filter.Drop> dropped, List<Recommendations.Category> recommendations,
             Facets facets, List<List<String>> rows) {
        this.models = models;
        this.catalogSize = catalogSize;
        this.servedAt = servedAt;
        this.tags = tags;
        this.providers = providers;
        this.credits = credits;
        this.entries = entries;
        this.standings = standings;
        this.dropped = dropped;
        this.recommendations = recommendations;
        this.facets = facets;
        this.rows = rows;
    }

    /**
     * The universe of data/models.json (and the recommendations beside it) and the config, from UniverseIndex while
     * none has changed since it was written; else from the files themselves, writing the index for the next command.
     */
    public static Universe load(Path modelsJson, Path config, Path home) {
        SafeWrite.startable(config); // a config in no folder is a mistyped path, not an empty config
        Path index = home.resolve(UniverseIndex.FILE);
        String key = UniverseIndex.key(modelsJson, config);
        Universe u = UniverseIndex.read(index, key);
        if (u == null) {
            List<ProxyConfig.Entry> entries = ProxyConfig.read(config).entries(); // a bad config is reported before a missing catalog
            u = of(Catalog.read(modelsJson), entries, null, Recommendations.categoriesOrNull(Recommendations.beside(modelsJson)));
            UniverseIndex.write(index, () -> key, u);
        }
        return u;
    }

    /**
     * For a sync: starts writing the index of the catalog (whose ranked models were scored against `field`), its
     * recommendations (as Recommendations.render gives them) and the config it is about to commit (its tree, read
     * as its text would be; see YamlLoader.construct), on a thread of its own; Indexing.done() gives it the key once
     * they are committed.
     */
    public static Indexing index(Catalog catalog, Score.Field field, Supplier<String> recommendations, ConfigFile config, Path home) {
        Indexing indexing = new Indexing(new CompletableFuture<>(), new CompletableFuture<>());
        Thread writer = new Thread(() -> {
            List<ProxyConfig.Entry> entries;
            try {
                entries = config.asRead().entries(); // in ConfigFile: linking Universe then loads no SnakeYAML class
            } catch (RuntimeException e) { // YAML that SnakeYAML's safe constructor refuses: a tag of another tool
                indexing.refused().complete(e);
                return;
            }
            try {
                UniverseIndex.write(home.resolve(UniverseIndex.FILE), indexing.key()::join, of(catalog, entries, field, later(recommendations)));
            } catch (RuntimeException | LinkageError e) { // LinkageError: a broken build, which the next command reports
                // no index: the next read command builds it
            } finally {
                indexing.refused().complete(null);
            }
        }, "index");
        writer.setDaemon(true); // a sync that fails before done() leaves a temporary file, which the next one removes
        writer.start();
        return indexing;
    }

    /**
     * The recommendations as the sync renders them, parsed when the index's writer reaches them (after the models):
     * it need not wait for them to start. Read from the writer's thread only.
     */
    static List<Recommendations.Category> later(Supplier<String> rendered) {
        return new AbstractList<Recommendations.Category>() {
            List<Recommendations.Category> picks;

            List<Recommendations.Category> picks() {
                if (picks == null) picks = Recommendations.categories(Json.parse(rendered.get()).asObject());
                return picks;
            }

            @Override public int size() { return picks().size(); }

            @Override public Recommendations.Category get(int i) { return picks().get(i); }
        };
    }

    /** An index being written; done() once the files it describes are committed. */
    public record Indexing(CompletableFuture<String> key, CompletableFuture<RuntimeException> refused) {
        /**
         * Returns null, or why the config's entries cannot be read: then no index is written, the next read command
         * reports it, and the sync itself has succeeded.
         */
        public String done(Path modelsJson, Path config) {
            key.complete(UniverseIndex.key(modelsJson, config));
            RuntimeException e = refused.join();
            return e == null ? null : "cannot read " + config + ": " + YamlLoader.firstLine(e.getMessage());
        }
    }

    /**
     * The catalog in the one order the sync ranked it (never re-sorted), then the config's entries it does not
     * describe. field: what the catalog's ranked models were scored against in this sync, or null to score them again.
     */
    static Universe of(Catalog catalog, List<ProxyConfig.Entry> config, Score.Field field, List<Recommendations.Category> recommendations) {
        List<Model> models = new ArrayList<>(catalog.models());
        Map<String, Model> byId = new HashMap<>();
        Map<String, Map<String, Model>> byRoute = new HashMap<>(); // provider, then id: a route without building each model's
        for (Model m : catalog.models()) {
            byId.put(m.id(), m);
            byRoute.computeIfAbsent(m.provider(), p -> new HashMap<>()).put(m.id(), m);
        }
        // a catalog model is served when an entry routes to it, whatever the entry's name: an entry of yours that
        // has a synced model's name but routes elsewhere serves its own row, not that model
        Map<String, Set<String>> servedAs = new HashMap<>(); // a served catalog model's name: the names its entries give it
        for (ProxyConfig.Entry e : config) {
            int slash = e.model().indexOf('/');
            Model routed = slash < 0 ? null : byRoute.getOrDefault(e.model().substring(0, slash), Map.of()).get(e.model().substring(slash + 1));
            if (routed != null) servedAs.computeIfAbsent(routed.modelName(), k -> new LinkedHashSet<>()).add(e.modelName());
            else models.add(fromEntry(e, byId.get(e.model()))); // whoever manages it (any magi_managed value), it is served
        }
        // a row shows a name the proxy serves (shown()); each other name of the model is a row of its own, after the catalog's
        for (int i = 0; i < catalog.models().size(); i++) {
            Model m = catalog.models().get(i);
            Set<String> names = servedAs.get(m.modelName());
            if (names == null) continue;
            String shown = shown(m.modelName(), names);
            if (!shown.equals(m.modelName())) models.set(i, m.as(shown, m.id(), m.provider()));
            for (String other : names) if (!other.equals(shown)) models.add(m.as(other, m.id(), m.provider()));
        }
        Set<String> tags = new HashSet<>(Tags.CAPABILITIES), providers = new HashSet<>(); // sorted once, at the end
        tags.addAll(Tags.SIZES);
        for (Model m : models) {
            tags.addAll(m.tags());
            providers.add(m.provider());
        }
        List<ProxyConfig.Entry> entries = new ArrayList<>();
        for (ProxyConfig.Entry e : config) entries.add(new ProxyConfig.Entry(e.modelName(), e.model(), e.managedBy(), Map.of(), List.of()));
        int[] at = new int[models.size()];
        int n = 0;
        for (int i = 0; i < models.size(); i++) if (i >= catalog.models().size() || servedAs.containsKey(catalog.models().get(i).modelName())) at[n++] = i;
        int[] servedAt = Arrays.copyOf(at, n);
        Set<String> sortedTags = new TreeSet<>(tags), sortedProviders = new TreeSet<>(providers);
        return new Universe(models, catalog.models().size(), servedAt, sortedTags, sortedProviders, catalog.credits(),
                entries, standings(catalog.ranked(), field), catalog.dropped(), recommendations, Facets.of(models, sortedTags, sortedProviders),
                new Rows(models, servedAt));
    }

    /** The name a catalog model's row shows, of the names its entries give it (in the config's order): its own, else the first. */
    static String shown(String modelName, Set<String> names) { return names.contains(modelName) ? modelName : names.iterator().next(); }

    /** The name the proxy serves the catalog model `modelName` (at `route`: provider/id) by, as its row shows it; null when no entry routes to it. */
    public String servedAs(String modelName, String route) {
        Set<String> names = new LinkedHashSet<>();
        for (ProxyConfig.Entry e : entries) if (e.model().equals(route)) names.add(e.modelName());
        return names.isEmpty() ? null : shown(modelName, names);
    }

    /** Each ranked model's standing: what its score was judged against (the whole catalog's field, which costs a 100,000-model catalog a second). */
    static List<Score.Standing> standings(List<Model> ranked, Score.Field field) {
        Score.Field f = field != null ? field : Score.field(ranked);
        List<Score.Standing> out = new ArrayList<>(ranked.size());
        for (Model m : ranked) out.add(Score.standing(f, m));
        return out;
    }

    /** The models' rows, each made when it is asked for and not kept: the index writer asks for each in turn (keeping 100,000 would cost a sync 30 MB). */
    static final class Rows extends AbstractList<List<String>> {
        final List<Model> models;
        final int[] servedAt;

        Rows(List<Model> models, int[] servedAt) {
            this.models = models;
            this.servedAt = servedAt;
        }

        @Override public int size() { return models.size(); }

        @Override public List<String> get(int i) { return Table.row(models.get(i), Arrays.binarySearch(servedAt, i) >= 0); }
    }

    /** The catalog's ranked models, up to and including the one at `index` of `models`, in the one order. */
    public List<Model> rankedTo(int index) {
        List<Model> out = new ArrayList<>();
        for (int i = 0; i <= index; i++) if (Catalog.ranked(models.get(i))) out.add(models.get(i));
        return out;
    }

    /** Whether the model at `index` of models is served: an entry routes to it, or it is an entry's own row. */
    public boolean inConfig(int index) { return Arrays.binarySearch(servedAt, index) >= 0; }

    /**
     * A config entry the catalog does not describe. A direct entry for a model the catalog lists under the same id
     * (openai/gpt-4o) takes its score, costs and tags; any other shows what its model_info says, score 0 (unknown).
     */
    static Model fromEntry(ProxyConfig.Entry e, Model same) {
        int slash = e.model().indexOf('/');
        String provider = slash > 0 ? e.model().substring(0, slash) : "openai";
        if (same != null) return same.as(e.modelName(), e.model(), provider);
        Map<String, Object> info = e.info();
        boolean tools = Boolean.TRUE.equals(info.get("supports_function_calling")), vision = Boolean.TRUE.equals(info.get("supports_vision"));
        boolean reasoning = Boolean.TRUE.equals(info.get("supports_reasoning"));
        List<String> tags = Tags.of(provider, tools, vision, reasoning, List.of());
        double in = number(info.get("input_cost_per_token")) * 1e6, out = number(info.get("output_cost_per_token")) * 1e6;
        String tier = info.get("magi_cost_tier") instanceof String t ? t : "";
        return new Model(e.modelName(), e.model(), e.modelName(), provider, 0, tier, tags, in, out,
                (long) number(info.get("max_input_tokens")), (long) number(info.get("max_output_tokens")), tools, vision, reasoning, 0);
    }

    static double number(Object o) { return o instanceof Number n ? n.doubleValue() : 0; }

    /** Has tag `t`. */
    public Facets.Filter tag(String t) {
        if (!tags.contains(t)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("tag", t, List.copyOf(tags)));
        return new Facets.Either(List.copyOf(tags).indexOf(t), -1);
    }

    /** Served through provider `p`. */
    public Facets.Filter provider(String p) {
        if (!providers.contains(p)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("provider", p, List.copyOf(providers)));
        return new Facets.Either(-1, List.copyOf(providers).indexOf(p));
    }

    /** filter TYPE: a cost tier, a tag (which includes the model makers: openai, anthropic, meta, ...) or a provider. */
    public Facets.Filter kind(String type) {
        if (Tier.ALL.contains(type)) return tier(type);
        if (!tags.contains(type) && !providers.contains(type)) {
            List<String> all = new ArrayList<>(Tier.ALL);
            all.addAll(tags);
            all.addAll(providers);
            throw new Cli.Failure(Cli.USAGE, Cli.unknown("filter type", type, all) + " (a tag, cost tier or provider)");
        }
        return new Facets.Either(List.copyOf(tags).indexOf(type), List.copyOf(providers).indexOf(type));
    }

    /** A cost tier filter. */
    public static Facets.Filter tier(String t) {
        if (!Tier.ALL.contains(t)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("cost tier", t, Tier.ALL) + " (budget, standard or premium)");
        return new Facets.InTier(Tier.ALL.indexOf(t));
    }

    /** A popularity score of at least `min`. */
    public static Facets.Filter scoreAtLeast(int min) { return new Facets.ScoreAtLeast(min); }

    /** Image input. */
    public static Facets.Filter vision() { return new Facets.Vision(); }
}
