package domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Everything the read commands can show: the synced catalog, plus the config's entries the catalog does not
 * describe (direct OpenAI / Anthropic, Azure, hand-written ones), so a search covers every provider.
 */
public final class Universe {
    public final List<Model> models = new ArrayList<>();
    final Set<String> served = new LinkedHashSet<>();
    /** The attribution of the evidence behind the catalog's figures (usage, benchmarks), to show with them. */
    public Map<String, String> credits = Map.of();

    public static Universe load(Path modelsJson, List<ProxyConfig.Entry> config) {
        Catalog catalog = Catalog.read(modelsJson);
        Universe u = new Universe();
        u.credits = catalog.credits();
        Map<String, Model> byRoute = new HashMap<>(), byId = new HashMap<>();
        for (Model m : catalog.models()) {
            u.models.add(m);
            byRoute.put(m.route(), m);
            byId.put(m.id(), m);
        }
        for (ProxyConfig.Entry e : config) {
            u.served.add(e.modelName());
            Model routed = byRoute.get(e.model());
            if (routed != null) u.served.add(routed.modelName());
            else u.models.add(fromEntry(e, byId.get(e.model()))); // whoever manages it (any magi_managed value), it is served
        }
        return u;
    }

    public boolean inConfig(Model m) { return served.contains(m.modelName()); }

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

    Set<String> tags() {
        Set<String> all = new TreeSet<>(Tags.CAPABILITIES);
        all.addAll(Tags.SIZES);
        models.forEach(m -> all.addAll(m.tags()));
        return all;
    }

    Set<String> providers() {
        Set<String> all = new TreeSet<>();
        models.forEach(m -> all.add(m.provider()));
        return all;
    }

    public Predicate<Model> tag(String t) {
        if (!tags().contains(t)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("tag", t, List.copyOf(tags())));
        return m -> m.hasTag(t);
    }

    public Predicate<Model> provider(String p) {
        if (!providers().contains(p)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("provider", p, List.copyOf(providers())));
        return m -> m.provider().equals(p);
    }

    /** filter TYPE: a cost tier, a tag (which includes the model makers: openai, anthropic, meta, ...) or a provider. */
    public Predicate<Model> kind(String type) {
        if (Tier.ALL.contains(type)) return tier(type);
        boolean isTag = tags().contains(type), isProvider = providers().contains(type);
        if (!isTag && !isProvider) {
            List<String> all = new ArrayList<>(Tier.ALL);
            all.addAll(tags());
            all.addAll(providers());
            throw new Cli.Failure(Cli.USAGE, Cli.unknown("filter type", type, all) + " (a tag, cost tier or provider)");
        }
        return m -> (isTag && m.hasTag(type)) || (isProvider && m.provider().equals(type));
    }

    /** A cost tier filter. */
    public static Predicate<Model> tier(String t) {
        if (!Tier.ALL.contains(t)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("cost tier", t, Tier.ALL) + " (budget, standard or premium)");
        return m -> m.costTier().equals(t);
    }
}
