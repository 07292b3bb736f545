package domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Azure, OpenAI or Anthropic model described from data, not from its name: what the catalog shows of it and
 * which capabilities, limits and prices its entry states. For each of them:
 *   - LiteLLM knows it for this model (an entry of its map, or the family baseline of its rules): the catalog
 *     shows LiteLLM's value and the entry states nothing, so what the proxy serves is LiteLLM's own value (and,
 *     after an upgrade, its newer one), never contradicted;
 *   - else the same model in OpenRouter's catalog (`market`, as the sync writes its entry) has it: the entry
 *     states it, giving LiteLLM what it lacks;
 *   - else it is unknown: neither shown nor stated.
 * With no map at hand the sync cannot tell what would contradict LiteLLM, so the entry states none of them.
 * `priced` is false only when LiteLLM will price the entry at $0: neither its map nor the entry has a price.
 */
public record Direct(Model model, Map<String, Object> stated, boolean priced) {
    static final List<String> PRICES = List.of("input_cost_per_token", "output_cost_per_token",
            "cache_read_input_token_cost", "cache_creation_input_token_cost");
    /** Tags about the model itself rather than its maker or capabilities, which the same model on OpenRouter carries. */
    static final List<String> OTHER_TAGS = List.of("web-search", "long-context", "coding", "small", "large");

    /**
     * @param known  what LiteLLM knows of the model (null: nothing)
     * @param market the same model on OpenRouter, and the model_info the sync writes for it (both null: unknown)
     */
    static Direct of(Model m, LiteLLMMap.Known known, Model market, Map<String, Object> marketInfo, boolean mapPresent) {
        Map<String, Object> stated = new LinkedHashMap<>(), shown = new LinkedHashMap<>();
        Map<String, Object> offered = marketInfo == null ? Map.of() : marketInfo;
        for (String k : LiteLLMMap.CAPABILITIES) {
            Boolean litellm = known == null ? null : known.flag(k);
            shown.put(k, litellm != null ? litellm : offered.get(k));
            if (litellm == null && offered.get(k) != null) stated.put(k, offered.get(k));
        }
        long out = known == null ? 0 : known.maxOutput(), in = known == null ? 0 : known.limit("max_input_tokens");
        shown.put("max_output_tokens", out > 0 ? out : offered.get("max_output_tokens"));
        shown.put("max_input_tokens", in > 0 ? in : offered.get("max_input_tokens"));
        if (out == 0 && offered.get("max_output_tokens") != null) {
            stated.put("max_tokens", offered.get("max_output_tokens")); // LiteLLM's legacy name for the same limit
            stated.put("max_output_tokens", offered.get("max_output_tokens"));
        }
        if (in == 0 && offered.get("max_input_tokens") != null) stated.put("max_input_tokens", offered.get("max_input_tokens"));
        boolean litellmPrices = known != null && known.priced();
        double inPer1m = 0, outPer1m = 0;
        if (litellmPrices) {
            inPer1m = Math.max(0, known.price("input_cost_per_token")) * 1e6;
            outPer1m = Math.max(0, known.price("output_cost_per_token")) * 1e6;
        } else if (market != null) {
            inPer1m = market.inputCostPer1m();
            outPer1m = market.outputCostPer1m();
            for (String k : PRICES) if (offered.get(k) != null) stated.put(k, offered.get(k));
        }
        if (!mapPresent) stated.clear();
        boolean priced = litellmPrices || stated.containsKey("input_cost_per_token") || !mapPresent;
        return new Direct(described(m, shown, market, litellmPrices || market != null, inPer1m, outPer1m), stated, priced);
    }

    /** The model with the values shown: capabilities, limits and prices; its score from OpenRouter; its tier from its prices. */
    static Model described(Model m, Map<String, Object> shown, Model market, boolean hasPrices, double in, double out) {
        boolean tools = Boolean.TRUE.equals(shown.get("supports_function_calling")), vision = Boolean.TRUE.equals(shown.get("supports_vision"));
        boolean reasoning = Boolean.TRUE.equals(shown.get("supports_reasoning"));
        List<String> more = market == null ? List.of() : market.tags().stream().filter(OTHER_TAGS::contains).toList();
        List<String> tags = Tags.of(m.provider().equals("azure") ? "openai" : m.provider(), tools, vision, reasoning, more);
        String tier = hasPrices ? Tier.of((in + out) / 2) : "";
        return new Model(m.modelName(), m.id(), m.name(), m.provider(), market == null ? 0 : market.popularity(), tier, tags, in, out,
                tokens(shown.get("max_input_tokens")), tokens(shown.get("max_output_tokens")), tools, vision, reasoning, m.created());
    }

    static long tokens(Object v) { return v instanceof Number n ? Math.max(0, n.longValue()) : 0; }
}
