package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** explain NAME: the parts of a score, the filters, the place in the order and in the config. */
class ExplainTest {
    static final Filter.Sifted SIFTED = sift(Fixtures.openRouter(), DEFAULTS);
    static final Evidence EVIDENCE = evidence();
    static final Catalog CATALOG = new Catalog("2026-11-25T00:00:00Z", Map.of("openrouter", "loopback"),
            OpenRouter.models(SIFTED.kept(), EVIDENCE, DEFAULTS.makerShare()), EVIDENCE.credits(), SIFTED.drops());

    static ProxyConfig.Entry entry(String name, String model, String managedBy) {
        return new ProxyConfig.Entry(name, model, managedBy, Map.of(), List.of());
    }

    @Test
    void thePartsOfEveryScoreAddUpToIt() {
        List<Model> models = CATALOG.models();
        for (int i = 0; i < models.size(); i++) {
            JsonObject r = Explain.of(models.get(i).modelName(), CATALOG, List.of());
            double sum = 0;
            for (JsonValue p : r.get("parts").asArray()) sum += p.asObject().getDouble("points", 0);
            assertEquals(models.get(i).popularity(), Math.round(Math.max(0, Math.min(100, sum))), 1, models.get(i).id());
            assertEquals(i + 1, r.getInt("position", 0));
            assertFalse(r.getBoolean("in_config", true));
            if (models.get(i).figures().any()) assertEquals(2, r.get("sources").asArray().size(), "figures shown name their sources");
        }
    }

    @Test
    void aDroppedListingNamesTheRuleAndWhatItGivesWayTo() {
        JsonObject r = Explain.of("anthropic/claude-opus-4.7-fast", CATALOG, List.of());
        assertEquals("edition", r.get("dropped").asObject().getString("reason", ""));
        assertEquals("anthropic/claude-opus-4.7", r.get("dropped").asObject().getString("gives_way_to", ""));
        List<JsonValue> passed = r.get("filters").asArray().values().stream().map(v -> v.asObject().get("passed")).toList();
        int failed = passed.indexOf(Json.FALSE);
        assertEquals(Filter.RULES.indexOf("edition"), failed);
        assertTrue(passed.subList(0, failed).stream().allMatch(Json.TRUE::equals) && passed.subList(failed + 1, passed.size()).stream().allMatch(Json.NULL::equals));
        assertTrue(r.getString("why", "").contains("anthropic/claude-opus-4.7"), r.toString());
        assertEquals("not-chat", Explain.of("openrouter/google-gemini-2.5-flash-image", CATALOG, List.of()).get("dropped").asObject().getString("reason", ""));
    }

    @Test
    void whyAModelIsOrIsNotInTheConfig() {
        Model first = CATALOG.models().get(0), second = CATALOG.models().get(1);
        List<ProxyConfig.Entry> config = List.of(entry(first.modelName(), first.route(), "openrouter"), entry("mine", second.route(), null));
        assertTrue(Explain.of(first.id(), CATALOG, config).getString("why", "").startsWith("synced"));
        assertTrue(Explain.of(second.id(), CATALOG, config).getString("why", "").contains("an entry of yours (mine)"));
        assertTrue(Explain.of(CATALOG.models().get(5).id(), CATALOG, config).getString("why", "").contains("#6"));
        JsonObject guard = Explain.of("meta-llama/llama-guard-4-12b", CATALOG, config);
        assertEquals("a safety classifier", guard.getString("special_purpose", ""));
        assertTrue(guard.getString("order", "").contains("takes no general slot"), guard.toString());
    }

    @Test
    void anUnknownNameIsABadUsageWithAHint() {
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> Explain.of("openai/gpt-5.55", CATALOG, List.of()));
        assertEquals(Cli.USAGE, f.code);
        assertTrue(f.getMessage().contains("did you mean"), f.getMessage());
    }
}
