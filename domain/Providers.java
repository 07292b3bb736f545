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

    /** Asks each provider in turn; a provider that fails costs the others nothing. */
    public static Gathered gather(Fetcher fetcher, List<String> providers, Env env, Criteria criteria, int limit,
                                  Map<String, Integer> previous, boolean force) {
        Map<String, Offer> offers = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String p : providers) {
            try {
                offers.put(p, switch (p) {
                    case "openrouter" -> OpenRouter.offer(fetcher, env, criteria, limit, previous.getOrDefault(p, 0), force);
                    case "azure" -> Azure.offer(fetcher, env, criteria);
                    case "openai" -> OpenAI.offer(fetcher, env, criteria);
                    default -> Anthropic.offer(fetcher, env);
                });
            } catch (Cli.Failure f) {
                if (f.code != Cli.FAILED) throw f;
                failed.put(p, f.getMessage());
            }
        }
        borrowFromOpenRouter(offers);
        return new Gathered(offers, failed);
    }

    /**
     * Azure and direct OpenAI models take the score, cost tier, prices and context of the same model in OpenRouter's
     * catalog (openai/{model}; Azure's gpt-35-turbo is gpt-3.5-turbo there) when this sync fetched it.
     */
    static void borrowFromOpenRouter(Map<String, Offer> offers) {
        Offer or = offers.get("openrouter");
        if (or == null) return;
        Map<String, Model> byId = new HashMap<>();
        or.models().forEach(m -> byId.put(m.id(), m));
        offers.replaceAll((p, o) -> p.equals("openrouter") ? o : new Offer(p, o.source(), o.models().stream().map(m -> {
            Model known = byId.get("openai/" + m.name().replace("gpt-35", "gpt-3.5"));
            return known == null || !p.matches("azure|openai") ? m : m.withMarket(known);
        }).sorted(Score.ORDER).toList(), o.limit(), o.entry()));
    }
}
