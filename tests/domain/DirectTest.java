package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** What an Azure or direct entry states of its model: what LiteLLM's map lacks, from OpenRouter's catalog. */
class DirectTest {
    static Map<String, Model> market = new HashMap<>();
    static Offer openRouter;

    @BeforeAll
    static void theRealCatalog() {
        Filter.Sifted sifted = Listings.sift(Fixtures.openRouter(), Criteria.defaults());
        Map<String, Listing> listings = new HashMap<>();
        sifted.kept().forEach(l -> listings.put(l.id(), l));
        List<Model> models = OpenRouter.models(sifted.kept(), Evidence.NONE, Criteria.defaults().makerShare());
        models.forEach(m -> market.put(m.id(), m));
        openRouter = new Offer("openrouter", "fixture", models, 0, m -> OpenRouter.entry(m, listings.get(m.id())));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> marketInfo(Model same) {
        return same == null ? null : (Map<String, Object>) openRouter.entry().apply(same).get("model_info");
    }

    static Direct direct(String provider, String id, String name, LiteLLMMap.Known known, boolean mapPresent) {
        Model m = Family.model(provider, id, name, 0);
        Model same = market.get(Providers.sameOnOpenRouter(provider, m));
        return Direct.of(m, known, same, marketInfo(same), mapPresent);
    }

    static LiteLLMMap.Known entry(String json) { return new LiteLLMMap.Known("k", true, Json.parse(json).asObject()); }

    @Test
    void whatLiteLLMsMapSaysIsLeftToLiteLLM() {
        LiteLLMMap.Known gpt4o = entry("""
                {"litellm_provider": "azure", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 4096,
                 "input_cost_per_token": 5e-06, "output_cost_per_token": 1.5e-05, "supports_function_calling": true}""");
        Direct d = direct("azure", "prod-gpt4o", "gpt-4o", gpt4o, true);
        assertEquals(Map.of(), d.stated(), "every capability, limit and price is LiteLLM's");
        assertTrue(d.priced());
        assertFalse(d.model().vision(), "LiteLLM's entry says no vision (a missing flag), so the catalog says so too, whatever OpenRouter says");
        assertTrue(d.model().functionCalling());
        assertEquals(4096, d.model().maxOutputTokens());
        assertEquals(5.0, d.model().inputCostPer1m(), 1e-9, "the price LiteLLM charges is the one shown");
        assertEquals(Tier.of(10), d.model().costTier());
        assertEquals(market.get("openai/gpt-4o").popularity(), d.model().popularity(), "the score of the same model on OpenRouter");
    }

    @Test
    void whatTheMapLacksComesFromOpenRouter() {
        LiteLLMMap.Known partial = entry("""
                {"litellm_provider": "openai", "mode": "chat", "supports_function_calling": true, "supports_vision": true}""");
        Direct d = direct("openai", "gpt-4.1", "gpt-4.1", partial, true);
        Map<String, Object> or = marketInfo(market.get("openai/gpt-4.1"));
        assertEquals(Set.of("max_input_tokens", "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost"), d.stated().keySet(),
                "limits and prices LiteLLM lacks (OpenRouter lists no max output for gpt-4.1, and no cache write price)");
        for (String k : d.stated().keySet()) assertEquals(or.get(k), d.stated().get(k), k + " as OpenRouter states it");
        assertTrue(d.priced());
    }

    @Test
    void aModelLiteLLMDoesNotKnowTakesOpenRoutersCapabilitiesLimitsAndPrices() {
        Direct d = direct("anthropic", "claude-3-5-haiku-20241022", "Claude Haiku 3.5", null, true);
        Map<String, Object> or = marketInfo(market.get("anthropic/claude-3.5-haiku"));
        assertEquals(List.of("supports_function_calling", "supports_vision", "supports_reasoning", "max_tokens", "max_output_tokens",
                "max_input_tokens", "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost", "cache_creation_input_token_cost"),
                List.copyOf(d.stated().keySet()));
        for (String k : d.stated().keySet()) if (!k.equals("max_tokens")) assertEquals(or.get(k), d.stated().get(k), k);
        assertEquals(new BigDecimal("0.000001"), d.stated().get("cache_creation_input_token_cost"));
        assertTrue(d.model().hasTag("anthropic") && d.model().hasTag("small"), "maker and size tags: " + d.model().tags());
    }

    @Test
    void aFamilyBaselineIsNotContradictedEither() {
        LiteLLMMap.Known baseline = new LiteLLMMap.Known("claude-opus-4-20250514", false, Json.parse("""
                {"mode": "chat", "max_input_tokens": 200000, "max_output_tokens": 64000, "supports_reasoning": true}""").asObject());
        Direct d = direct("anthropic", "claude-opus-4-20250514", "Claude Opus 4", baseline, true);
        assertFalse(d.stated().containsKey("supports_reasoning") || d.stated().containsKey("max_output_tokens") || d.stated().containsKey("max_input_tokens"),
                "LiteLLM serves its baseline for these: " + d.stated());
        assertEquals(Set.of("supports_function_calling", "supports_vision"), Set.copyOf(d.stated().keySet().stream().filter(k -> k.startsWith("supports")).toList()),
                "what the baseline does not say comes from OpenRouter");
        assertTrue(d.stated().containsKey("input_cost_per_token"), "a baseline has no price: OpenRouter's is stated");
        assertEquals(64000, d.model().maxOutputTokens());
    }

    @Test
    void noMapMeansNothingStated() {
        Direct d = direct("openai", "gpt-4.1", "gpt-4.1", null, false);
        assertEquals(Map.of(), d.stated(), "without the map the sync cannot tell what would contradict it");
        assertTrue(d.priced(), "not known to be unpriced (the sync warns once that it cannot tell)");
        assertEquals(market.get("openai/gpt-4.1").contextLength(), d.model().contextLength(), "the catalog still shows OpenRouter's data");
    }

    @Test
    void aModelNoSourcePricesIsUnpriced() {
        Direct d = direct("azure", "prod-o1", "o1-preview", null, true);
        assertNull(market.get(Providers.sameOnOpenRouter("azure", Family.model("azure", "prod-o1", "o1-preview", 0))), "the fixture lists no o1-preview");
        assertFalse(d.priced());
        assertEquals(Map.of(), d.stated());
        assertEquals("", d.model().costTier());
        assertTrue(direct("azure", "prod-o1", "o1-preview", entry("{\"input_cost_per_token\": 1.5e-05}"), true).priced());
    }

    @Test
    void theSameModelOnOpenRouter() {
        assertEquals("anthropic/claude-opus-4.1", Providers.sameOnOpenRouter("anthropic", Family.model("anthropic", "claude-opus-4-1-20250805", "x", 0)));
        assertEquals("anthropic/claude-3.5-haiku", Providers.sameOnOpenRouter("anthropic", Family.model("anthropic", "claude-3-5-haiku-20241022", "x", 0)));
        assertEquals("anthropic/claude-opus-4", Providers.sameOnOpenRouter("anthropic", Family.model("anthropic", "claude-opus-4-20250514", "x", 0)));
        assertEquals("anthropic/claude-haiku-4.5", Providers.sameOnOpenRouter("anthropic", Family.model("anthropic", "claude-haiku-4-5", "x", 0)));
        assertEquals("openai/gpt-3.5-turbo", Providers.sameOnOpenRouter("azure", Family.model("azure", "legacy", "gpt-35-turbo", 0)));
        assertEquals("openai/gpt-4o-2024-08-06", Providers.sameOnOpenRouter("openai", Family.model("openai", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06", 0)));
    }

    /**
     * Issue 13 item 1 over every OpenAI, Anthropic and Azure chat model of the real map (when it is at hand):
     * what a sync with the OpenRouter fixture states never contradicts what LiteLLM says of the model.
     */
    @Test
    void item1NoModelOfTheRealMapIsContradicted() {
        support.Project.installLiteLLM();
        LiteLLMMap map = LiteLLMMap.locate(new Env(support.Project.SOURCE, System.getenv()));
        assertTrue(map.present(), "LiteLLM's model map is in the venv magi installed");
        List<String> contradictions = new ArrayList<>();
        int models = 0, stated = 0;
        for (Map.Entry<String, JsonObject> e : map.entries.entrySet()) {
            String provider = e.getValue().getString("litellm_provider", ""), id = e.getKey().replaceFirst("^" + provider + "/", "");
            if (!List.of("openai", "anthropic", "azure").contains(provider) || id.contains("/") || !"chat".equals(Family.mode(id))) continue;
            LiteLLMMap.Known known = map.lookup(provider, id);
            Direct d = direct(provider, provider.equals("azure") ? "deployment" : id, id, known, true);
            models++;
            stated += d.stated().size();
            for (String k : LiteLLMMap.CAPABILITIES)
                if (d.stated().containsKey(k) && known.flag(k) != null && !known.flag(k).equals(d.stated().get(k))) contradictions.add(id + " " + k);
            if (d.stated().containsKey("max_output_tokens") && known.maxOutput() > 0) contradictions.add(id + " max_output_tokens");
            if (d.stated().containsKey("max_input_tokens") && known.limit("max_input_tokens") > 0) contradictions.add(id + " max_input_tokens");
            if (d.stated().containsKey("input_cost_per_token") && known.priced()) contradictions.add(id + " input_cost_per_token");
        }
        System.out.println("item 1: " + models + " chat models of " + map.source + ": " + stated + " values stated, " + contradictions.size() + " contradict it");
        assertTrue(models > 100, "the map's chat models were compared: " + models);
        assertEquals(List.of(), contradictions);
    }
}
