package domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A LiteLLM model_list entry as the sync writes it, and which entries and keys the sync owns.
 *
 * The sync owns an entry when its model_info has `magi_managed: <provider>`; every other entry is the operator's
 * and is never touched. Of an owned entry, the sync owns only the keys below: any other key the operator adds
 * survives every sync. Deleting `magi_managed` hands the entry over to the operator. Where the operator has an
 * entry for the same model_name or upstream model, the operator's wins and the sync writes none.
 */
public final class Entries {
    /** The model_info key that marks an entry as the sync's; its value names the provider. */
    public static final String MARKER = "magi_managed";
    /** The provider whose sync owns an entry with this marker value; null (the entry is yours) for any other value or none. */
    public static String manager(Object marker) { return marker instanceof String p && Providers.ALL.contains(p) ? p : null; }

    /** How LiteLLM's config refers to an environment variable: keys are never written, only their names. */
    public static final String ENV_PREFIX = "os.environ/";

    static final Set<String> OWNED_PARAMS = Set.of("model", "api_key", "api_base", "api_version");
    static final Set<String> OWNED_INFO = Set.of(MARKER, "mode", "base_model", "supports_function_calling",
            "supports_vision", "supports_reasoning", "max_tokens", "max_input_tokens", "max_output_tokens",
            "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost",
            "magi_cost_tier", "magi_tags", "magi_popularity");
    static final Set<String> RANKING = Set.of("magi_cost_tier", "magi_tags", "magi_popularity");

    /** The keys the sync owns in one section of an entry (litellm_params or model_info). */
    public static Set<String> owned(String section) {
        return section.equals("model_info") ? OWNED_INFO : OWNED_PARAMS;
    }

    /** A reference to an environment variable, as LiteLLM reads it. */
    public static String env(String variable) { return ENV_PREFIX + variable; }

    /**
     * The best `limit` models (0: all) that no operator entry already covers: a hand-written entry with the same
     * model_name or the same upstream model always wins, and the next model fills its place.
     */
    public static List<Model> choose(List<Model> ranked, Set<String> taken, int limit) {
        List<Model> free = new ArrayList<>(), skipped = new ArrayList<>();
        for (Model m : ranked) {
            if (limit > 0 && free.size() == limit) break; // those after are not chosen either way: a catalog may hold 100,000
            (taken.contains(m.modelName()) || taken.contains(m.route()) ? skipped : free).add(m);
        }
        if (!skipped.isEmpty())
            Cli.info(skipped.size() + " model(s) already have an entry of yours, which wins: "
                    + String.join(", ", skipped.stream().map(Model::modelName).toList()));
        return free;
    }

    /**
     * An Azure or direct entry: its mode and, for Azure, the base_model LiteLLM knows it by. What it states of its
     * model (capabilities, limits, prices) is added by {@link #stating}, from {@link Direct}.
     */
    static Map<String, Object> direct(Model m, String mode, Map<String, Object> params, String baseModel) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(MARKER, m.provider());
        info.put("mode", mode);
        if (baseModel != null) info.put("base_model", baseModel);
        ranking(info, m);
        return of(m.modelName(), params, info);
    }

    /** `entry` with `stated` in its model_info, before the sync's ranking keys. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> stating(Map<String, Object> entry, Map<String, Object> stated) {
        Map<String, Object> info = (Map<String, Object>) entry.get("model_info"), out = new LinkedHashMap<>();
        info.forEach((k, v) -> { if (!RANKING.contains(k)) out.put(k, v); });
        out.putAll(stated);
        info.forEach((k, v) -> { if (RANKING.contains(k)) out.put(k, v); });
        entry.put("model_info", out);
        return entry;
    }

    static Map<String, Object> info(String provider, String mode, Model m) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(MARKER, provider);
        info.put("mode", mode);
        if (mode.equals("chat")) {
            info.put("supports_function_calling", m.functionCalling());
            info.put("supports_vision", m.vision());
            info.put("supports_reasoning", m.reasoning());
        }
        return info;
    }

    /** What the read commands show of an entry without the catalog: its tier, tags and score. */
    static void ranking(Map<String, Object> info, Model m) {
        if (m.priced()) info.put("magi_cost_tier", m.costTier());
        info.put("magi_tags", m.tags());
        if (m.popularity() > 0) info.put("magi_popularity", m.popularity());
    }

    static Map<String, Object> of(String name, Map<String, Object> params, Map<String, Object> info) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model_name", name);
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String k : List.of("model", "api_base", "api_key", "api_version")) if (params.containsKey(k)) ordered.put(k, params.get(k));
        entry.put("litellm_params", ordered);
        entry.put("model_info", info);
        return entry;
    }
}
