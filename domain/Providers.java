package domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The providers a sync asks, and what happens when one fails. A provider that cannot be fetched, or whose answer
 * is refused, is left out of the sync's offers and named in `failed`: the merge then never touches its entries
 * (they stay as they were), data/models.json keeps its last known models, and the sync exits 3 (some failed) or 1
 * (all failed, nothing written).
 */
public final class Providers {
    public static final List<String> ALL = List.of("openrouter", "azure", "openai", "anthropic");

    /** What every provider asked brought, and why the others failed. */
    public record Gathered(Map<String, Offer> offers, Map<String, String> failed) {}

    /**
     * The providers a plain sync covers: OpenRouter (its catalog is public), Azure when its endpoint and key
     * are set, and the direct providers listed under `discover` in config/sync.yaml.
     */
    public static List<String> configured(Env env, Criteria criteria) {
        List<String> out = new ArrayList<>(List.of("openrouter"));
        boolean azure = env.get("AZURE_OPENAI_ENDPOINT") != null && env.get("AZURE_OPENAI_API_KEY") != null;
        if (azure) out.add("azure");
        else if (env.get("AZURE_OPENAI_MODELS") != null)
            Cli.warn("AZURE_OPENAI_MODELS is set but AZURE_OPENAI_ENDPOINT or AZURE_OPENAI_API_KEY is not: Azure is skipped");
        out.addAll(criteria.discover());
        return out;
    }

    /** `--providers a,b`: known names, each once. */
    public static List<String> parse(String list) {
        List<String> out = new ArrayList<>();
        for (String p : list.split(",")) {
            String name = p.strip();
            if (!ALL.contains(name)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("provider", name, ALL) + " (openrouter, azure, openai, anthropic)");
            if (!out.contains(name)) out.add(name);
        }
        return out;
    }

    /**
     * Asks each provider in turn; a provider that fails costs the others nothing. `catalog` is the last sync's
     * data/models.json: its counts guard against a shrunk catalog, and its OpenRouter models lend their market
     * data when this sync does not fetch OpenRouter.
     */
    public static Gathered gather(Fetcher fetcher, List<String> providers, Env env, Criteria criteria, int limit,
                                  java.nio.file.Path catalog, boolean force) {
        Map<String, Integer> previous = Catalog.counts(catalog);
        Map<String, Offer> offers = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String p : providers) {
            try {
                offers.put(p, screened(switch (p) {
                    case "openrouter" -> OpenRouter.offer(fetcher, env, criteria, limit, previous.getOrDefault(p, 0), force);
                    case "azure" -> Azure.offer(fetcher, env, criteria);
                    case "openai" -> OpenAI.offer(fetcher, env, criteria);
                    default -> Anthropic.offer(fetcher, env);
                }));
            } catch (Cli.Failure f) {
                if (f.code != Cli.FAILED) throw f;
                failed.put(p, f.getMessage());
            }
        }
        borrowFromOpenRouter(offers, offers.containsKey("openrouter") ? offers.get("openrouter").models() : lastOpenRouter(offers, previous, catalog));
        return new Gathered(offers, failed);
    }

    /** OpenRouter's models as the last sync kept them, when this sync has Azure or OpenAI models to lend them to. */
    static List<Model> lastOpenRouter(Map<String, Offer> offers, Map<String, Integer> previous, java.nio.file.Path catalog) {
        if (!previous.containsKey("openrouter") || offers.keySet().stream().noneMatch(p -> p.matches("azure|openai"))) return List.of();
        Catalog last = Catalog.previous(catalog);
        return last == null ? List.of() : last.models().stream().filter(m -> m.provider().equals("openrouter")).toList();
    }

    /**
     * The offer without what no provider may bring: a model whose name, id or tags hold a key (a provider echoing
     * it), which would be written to the config and data/; and a second model under a name already taken.
     */
    static Offer screened(Offer o) {
        java.util.Set<String> names = new java.util.HashSet<>();
        int secret = 0, twice = 0;
        List<Model> kept = new ArrayList<>();
        for (Model m : o.models()) {
            if (Cli.holdsSecret(m.modelName()) || Cli.holdsSecret(m.id()) || Cli.holdsSecret(m.name()) || m.tags().stream().anyMatch(Cli::holdsSecret)) secret++;
            else if (!names.add(m.modelName())) twice++;
            else kept.add(m);
        }
        if (secret > 0) Cli.warn(o.provider() + ": left out " + secret + " model(s) whose name or id holds a key: the provider echoes a key it was sent");
        if (twice > 0) Cli.warn(o.provider() + ": left out " + twice + " model(s) listed twice under one name; the first stays");
        String source = Cli.redact(o.source()); // no password or key written as where the models came from
        return secret + twice == 0 && source.equals(o.source()) ? o : new Offer(o.provider(), source, kept, o.limit(), o.entry());
    }

    /**
     * Azure and direct OpenAI models take the score, cost tier, prices and context of the same model in OpenRouter's
     * catalog (openai/{model}; Azure's gpt-35-turbo is gpt-3.5-turbo there): as this sync fetched it, or else as
     * the last sync did.
     */
    static void borrowFromOpenRouter(Map<String, Offer> offers, List<Model> openRouter) {
        Map<String, Model> byId = new HashMap<>();
        openRouter.forEach(m -> byId.put(m.id(), m));
        offers.replaceAll((p, o) -> p.equals("openrouter") ? o : new Offer(p, o.source(), o.models().stream().map(m -> {
            Model known = byId.get("openai/" + m.name().replace("gpt-35", "gpt-3.5"));
            return known == null || !p.matches("azure|openai") ? m : m.withMarket(known);
        }).sorted(Score.ORDER).toList(), o.limit(), o.entry()));
    }
}
