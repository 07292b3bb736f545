package domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

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
        if (out.isEmpty()) throw new Cli.Failure(Cli.USAGE, "--providers names none of " + String.join(", ", ALL));
        return out;
    }

    /**
     * Asks each provider in turn; a provider that fails costs the others nothing. `catalog` is the last sync's
     * data/models.json: its first line guards against a shrunk catalog (Filter.Baseline), and its OpenRouter
     * models lend their market data when this sync does not fetch OpenRouter.
     */
    public static Gathered gather(Fetcher fetcher, List<String> providers, Env env, Criteria criteria, int limit,
                                  java.nio.file.Path catalog, boolean force) {
        Catalog.Head last = Catalog.head(catalog);
        Map<String, Integer> previous = last.counts();
        int kept = previous.getOrDefault("openrouter", 0), listed = 0;
        if (kept > 0 && last.listed() > 0 && last.criteria() != null && !last.criteria().equals(criteria.fingerprint())) {
            // the operator's own narrower filter is no shrunk catalog; a catalog cut short still lists fewer models
            Cli.info("config/sync.yaml's filter changed since the last sync: comparing the catalog's " + last.listed()
                    + " listed models, not its " + kept + " kept ones");
            listed = last.listed();
            kept = 0;
        }
        Map<String, Offer> offers = new LinkedHashMap<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (String p : providers) {
            try {
                offers.put(p, screened(switch (p) {
                    case "openrouter" -> OpenRouter.offer(fetcher, env, criteria, limit, new Filter.Baseline(kept, listed), force);
                    case "azure" -> Azure.offer(fetcher, env, criteria, force);
                    case "openai" -> OpenAI.offer(fetcher, env, criteria, force);
                    default -> Anthropic.offer(fetcher, env, force);
                }));
            } catch (Cli.Failure f) {
                if (f.code != Cli.FAILED) throw f;
                failed.put(p, f.getMessage());
            }
        }
        borrowFromOpenRouter(offers, () -> LiteLLMMap.locate(env), offers.containsKey("openrouter") ? List.of() : lastOpenRouter(offers, previous, catalog));
        return new Gathered(offers, failed);
    }

    /**
     * A provider whose list holds nothing usable (empty, or every item malformed) fails, unless forced: that is far
     * likelier a broken answer or setting than a provider with nothing left to serve. (Models the operator's modes
     * leave out are no failure.)
     */
    static void refuseEmpty(boolean empty, boolean force, String what) {
        if (empty && !force) throw new Cli.Failure(Cli.FAILED, what + " (--force accepts that and removes its entries)");
    }

    /** OpenRouter's models as the last sync kept them, when this sync has Azure or direct models to lend them to. */
    static List<Model> lastOpenRouter(Map<String, Offer> offers, Map<String, Integer> previous, java.nio.file.Path catalog) {
        if (!previous.containsKey("openrouter") || offers.keySet().stream().allMatch("openrouter"::equals)) return List.of();
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
        // pure: two cores search 100,000 models' names, ids and tags for the keys (a quarter of a second on one)
        List<Boolean> holds = o.models().parallelStream()
                .map(m -> Cli.holdsSecret(m.modelName()) || Cli.holdsSecret(m.id()) || Cli.holdsSecret(m.name()) || Cli.holdsSecret(m.tags())).toList();
        for (int i = 0; i < holds.size(); i++) {
            Model m = o.models().get(i);
            if (holds.get(i)) secret++;
            else if (!names.add(m.modelName())) twice++;
            else kept.add(m);
        }
        // the listings the filter left out are written too (for explain, which names them as the sync would): one
        // holding a key, or named into one (`sk:or:...` becomes `sk-or-...`), goes unnamed
        List<Filter.Drop> dropped = o.dropped().stream().filter(d -> !Cli.holdsSecret(d.id()) && !Cli.holdsSecret(Naming.name(o.provider(), d.id()))
                && (d.to() == null || !Cli.holdsSecret(d.to()))).toList();
        secret += o.dropped().size() - dropped.size();
        if (secret > 0) Cli.warn(o.provider() + ": left out " + secret + " model(s) whose name or id holds a key: the provider echoes a key it was sent");
        if (twice > 0) Cli.warn(o.provider() + ": left out " + twice + " model(s) listed twice under one name; the first stays");
        String source = Cli.redact(o.source()); // no password or key written as where the models came from
        return secret + twice == 0 && source.equals(o.source()) ? o
                : new Offer(o.provider(), source, kept, o.limit(), o.entry(), o.unpriced(), dropped, o.credits(), o.field());
    }

    /**
     * Azure and direct models described from data (see Direct): the same model in OpenRouter's catalog (openai/{model},
     * with Azure's gpt-35-turbo as gpt-3.5-turbo; Anthropic's claude-opus-4-1-20250805 as anthropic/claude-opus-4.1)
     * as this sync fetched it, or else as the last sync kept it (`last`: all its entry states but cache prices), and
     * LiteLLM's model map (asked for only when needed).
     */
    static void borrowFromOpenRouter(Map<String, Offer> offers, Supplier<LiteLLMMap> maps, List<Model> last) {
        if (offers.keySet().stream().allMatch("openrouter"::equals)) return;
        LiteLLMMap map = maps.get();
        if (map.present()) Cli.info("LiteLLM's model map: " + map.source);
        else Cli.warn("LiteLLM's model map was not found (set " + LiteLLMMap.SETTING + ", or ./magi start installs the local proxy): the "
                + String.join(", ", offers.keySet().stream().filter(p -> !p.equals("openrouter")).toList())
                + " entries state no capabilities, limits or prices, and LiteLLM prices a model its map lacks at $0 (./magi models verify names them)");
        Offer or = offers.get("openrouter");
        Map<String, Model> market = new HashMap<>();
        (or != null ? or.models() : last).forEach(m -> market.put(m.id(), m));
        offers.replaceAll((p, o) -> p.equals("openrouter") ? o : described(o, map, market, or));
    }

    @SuppressWarnings("unchecked")
    static Offer described(Offer o, LiteLLMMap map, Map<String, Model> market, Offer or) {
        Map<String, Direct> byId = new HashMap<>();
        Set<String> unpriced = new HashSet<>();
        for (Model m : o.models()) {
            Model same = market.get(sameOnOpenRouter(o.provider(), m));
            Map<String, Object> info = same == null ? null : or == null ? OpenRouter.info(same) : (Map<String, Object>) or.entry().apply(same).get("model_info");
            Direct d = Direct.of(m, map.lookup(o.provider(), o.provider().equals("azure") ? m.name() : m.id()), same, info, map.present());
            byId.put(m.id(), d);
            if (!d.priced()) unpriced.add(m.id());
        }
        List<Model> models = o.models().stream().map(m -> byId.get(m.id()).model()).sorted(Score.ORDER).toList();
        return o.with(o.source(), models, m -> Entries.stating(o.entry().apply(m), byId.get(m.id()).stated()), unpriced);
    }

    /** The id the same model has in OpenRouter's catalog: dots in versions, no date (claude-3-5-haiku-20241022: claude-3.5-haiku). */
    static String sameOnOpenRouter(String provider, Model m) {
        if (provider.equals("anthropic"))
            return "anthropic/" + m.id().replaceFirst("-\\d{8}$", "").replaceAll("(?<=-\\d{1,2})-(?=\\d{1,2}(-|$))", ".");
        return "openai/" + m.name().replace("gpt-35", "gpt-3.5"); // Azure: the deployment's model; OpenAI: the id
    }

    /** Names the entries about to be written that LiteLLM will price at $0, and how to price them. */
    public static void warnUnpriced(Offer o, List<Model> chosen) {
        List<String> names = chosen.stream().filter(m -> o.unpriced().contains(m.id()))
                .map(m -> m.modelName() + (m.provider().equals("azure") ? " (" + m.name() + ")" : "")).toList();
        if (names.isEmpty()) return;
        Cli.warn(o.provider() + ": neither LiteLLM's model map nor OpenRouter's catalog has a price for "
                + names.size() + " entr" + (names.size() == 1 ? "y" : "ies") + ", so LiteLLM will count " + (names.size() == 1 ? "it" : "them")
                + " at $0 (set input_cost_per_token and output_cost_per_token under litellm_params): " + String.join(", ", names));
    }
}
