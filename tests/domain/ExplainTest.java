package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** explain NAME: the parts of a score, the filters, the place in the order and in the config. */
class ExplainTest {
    static final Filter.Sifted SIFTED = sift(Fixtures.openRouter(), DEFAULTS);
    static final Evidence EVIDENCE = evidence();
    static final Catalog CATALOG = new Catalog("2026-11-25T00:00:00Z", Map.of("openrouter", "loopback"),
            OpenRouter.models(SIFTED.kept(), EVIDENCE, DEFAULTS.makerShare()), EVIDENCE.credits(), SIFTED.drops(), null);

    static final JsonObject RECOMMENDATIONS = Json.parse(Recommendations.render(CATALOG, Set.of())).asObject();
    static final Universe WITHOUT_CONFIG = Listings.universe(CATALOG, List.of());

    static ProxyConfig.Entry entry(String name, String model, String managedBy) {
        return new ProxyConfig.Entry(name, model, managedBy, Map.of(), List.of());
    }

    /** explain as search_models runs it: on the universe of the catalog and the config. */
    static JsonObject explain(String name, List<ProxyConfig.Entry> config) {
        return Explain.of(name, config.isEmpty() ? WITHOUT_CONFIG : Listings.universe(CATALOG, config)).json();
    }

    @Test
    void anUnknownNameIsAnsweredWithTheClosestOneOfTheCatalogOrTheConfig() {
        Universe u = Listings.universe(CATALOG, List.of(entry("my-house-model", "openai/gpt-4o", null)));
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> Explain.of("my-house-modle", u));
        assertEquals(Cli.USAGE, f.code);
        assertTrue(f.getMessage().contains("did you mean 'my-house-model'"), f.getMessage());
    }

    @Test
    void noControlCharacterOfANameReachesTheTerminal() {
        String evil = "evil\u001b[31mRED\u202eX\r\nfake";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Explain.of(evil, Listings.universe(CATALOG, List.of(entry(evil, "openai/gpt-4o\u001b[0m", null))))
                .print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.startsWith("evil?[31mRED?X??fake"), text);
        assertFalse(text.contains("\u001b") || text.contains("\u202e") || text.contains("\r"), text);
        assertEquals(text.strip().lines().count(), text.strip().split("\n").length);
        java.io.ByteArrayOutputStream report = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(report, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            Proxy.print(new JsonObject().add("url", "http://127.0.0.1:4000").add("running", true).add("missing", new JsonArray().add(evil))
                    .add("extra", new JsonArray().add("line1\nextra: forged")).add("unknown_fallbacks", new JsonArray())
                    .add("unpriced", new JsonArray()).add("unset_variables", new JsonObject()));
        } finally {
            System.setOut(stdout);
        }
        assertEquals(List.of("missing: evil?[31mRED?X??fake is in the config but not served (restart LiteLLM: ./magi restart litellm)",
                "extra: line1?extra: forged is served but not in the config"), report.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void thePartsOfEveryScoreAddUpToIt() {
        List<Model> models = CATALOG.models();
        for (int i = 0; i < models.size(); i++) {
            JsonObject r = explain(models.get(i).modelName(), List.of());
            double sum = 0;
            for (JsonValue p : r.get("parts").asArray()) sum += p.asObject().getDouble("points", 0);
            assertEquals(models.get(i).popularity(), Math.round(Math.max(0, Math.min(100, sum))), 1, models.get(i).id());
            assertEquals(i + 1, r.getInt("position", 0));
            assertFalse(r.getBoolean("in_config", true));
            if (models.get(i).figures().any()) assertEquals(2, r.get("sources").asArray().size(), "figures shown name their sources");
        }
    }

    @Test
    void eachModelsStandingScoresItAsTheWholeCatalogDoes() {
        List<Model> ranked = CATALOG.ranked();
        Score.Field field = Score.field(ranked);
        List<Score.Standing> standings = WITHOUT_CONFIG.standings;
        assertEquals(ranked.size(), standings.size());
        assertTrue(standings.stream().anyMatch(s -> s.newer() != null) && standings.stream().anyMatch(Score.Standing::evidence));
        for (int i = 0; i < ranked.size(); i++) {
            Model m = ranked.get(i);
            List<Score.Part> whole = Score.parts(m, field), one = Score.parts(m, standings.get(i).field(m));
            assertEquals(whole.stream().map(p -> p.name() + " " + p.points() + " " + p.input()).toList(),
                    one.stream().map(p -> p.name() + " " + p.points() + " " + p.input()).toList(), m.id());
        }
    }

    @Test
    void theRecommendationsNamedAreTheSyncsPicks() {
        int named = 0;
        for (JsonObject.Member c : RECOMMENDATIONS.get("categories").asObject()) {
            List<JsonValue> picks = c.getValue().asObject().get("models").asArray().values();
            for (int i = 0; i < picks.size(); i++) {
                JsonObject r = explain(picks.get(i).asObject().getString("id", ""), List.of());
                String title = c.getValue().asObject().getString("title", "");
                int rank = i + 1;
                assertTrue(r.get("recommendations").asArray().values().stream()
                        .anyMatch(v -> v.asObject().getString("category", "").equals(title) && v.asObject().getInt("rank", 0) == rank), title + " " + r);
                named++;
            }
        }
        assertEquals(6 * Recommend.PICKS, named, "every category has its picks on the fixture");
        Model unpicked = CATALOG.ranked().stream().filter(m -> !RECOMMENDATIONS.toString().contains("\"" + m.id() + "\"")).findFirst().orElseThrow();
        assertTrue(explain(unpicked.id(), List.of()).get("recommendations").asArray().isEmpty());
        assertTrue(Explain.of(RECOMMENDATIONS.get("categories").asObject().get("coding").asObject().get("models").asArray().get(0).asObject().getString("id", ""), Universe.of(CATALOG, List.of(), null, null)).json().get("recommendations").asArray().isEmpty(),
                "no recommendations file: none named, and the rest explained");
    }

    @Test
    void aDroppedListingNamesTheRuleAndWhatItGivesWayTo() {
        JsonObject r = explain("anthropic/claude-opus-4.7-fast", List.of());
        assertEquals("edition", r.get("dropped").asObject().getString("reason", ""));
        assertEquals("anthropic/claude-opus-4.7", r.get("dropped").asObject().getString("gives_way_to", ""));
        List<JsonValue> passed = r.get("filters").asArray().values().stream().map(v -> v.asObject().get("passed")).toList();
        int failed = passed.indexOf(Json.FALSE);
        assertEquals(Filter.RULES.indexOf("edition"), failed);
        assertTrue(passed.subList(0, failed).stream().allMatch(Json.TRUE::equals) && passed.subList(failed + 1, passed.size()).stream().allMatch(Json.NULL::equals));
        assertTrue(r.getString("why", "").contains("anthropic/claude-opus-4.7"), r.toString());
        assertEquals("not-chat", explain("openrouter/google-gemini-2.5-flash-image", List.of()).get("dropped").asObject().getString("reason", ""));
    }

    @Test
    void whyAModelIsOrIsNotInTheConfig() {
        Model first = CATALOG.models().get(0), second = CATALOG.models().get(1);
        List<ProxyConfig.Entry> config = List.of(entry(first.modelName(), first.route(), "openrouter"), entry("mine", second.route(), null));
        assertTrue(explain(first.id(), config).getString("why", "").startsWith("synced"));
        assertTrue(explain(second.id(), config).getString("why", "").contains("an entry of yours (mine)"));
        assertTrue(explain(CATALOG.models().get(5).id(), config).getString("why", "").contains("#6"));
        JsonObject guard = explain("meta-llama/llama-guard-4-12b", config);
        assertEquals("a safety classifier", guard.getString("special_purpose", ""));
        assertTrue(guard.getString("order", "").contains("takes no general slot"), guard.toString());
    }

    @Test
    void anUnknownNameIsABadUsageWithAHint() {
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> explain("openai/gpt-5.55", List.of()));
        assertEquals(Cli.USAGE, f.code);
        assertTrue(f.getMessage().contains("did you mean"), f.getMessage());
    }

    /** An Azure or direct model: its score is lent by the same model on OpenRouter (or unknown), and OpenRouter's filter is none of its. */
    @Test
    void aDirectModelsScoreIsLentAndNoFilterIsItsOwn() {
        Model lender = CATALOG.models().stream().filter(m -> m.id().equals("openai/gpt-4o")).findFirst().orElseThrow();
        Model lent = Family.model("azure", "prod-gpt4o", "gpt-4o", 0).withPopularity(lender.popularity()), none = Family.model("azure", "prod-o1", "o1-preview", 0);
        List<Model> models = new java.util.ArrayList<>(CATALOG.models());
        models.addAll(List.of(lent, none));
        Catalog catalog = new Catalog(CATALOG.syncedAt(), CATALOG.sources(), models, CATALOG.credits(), CATALOG.dropped(), null);
        Universe u = Listings.universe(catalog, List.of(entry(lent.modelName(), "azure/prod-gpt4o", "azure"), entry(none.modelName(), "azure/prod-o1", "azure")));
        Map<String, String> said = Map.of(lent.modelName(), "  score " + lender.popularity() + ", that of openai/gpt-4o on OpenRouter (explain openai/gpt-4o gives its parts)\n",
                none.modelName(), "  score -, unknown: OpenRouter's catalog has no openai/o1-preview to lend it one\n");
        said.forEach((name, line) -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Explain.Report r = Explain.of(name, u);
            r.print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains(line), text);
            assertFalse(text.contains("filters passed") || text.contains("count 0.4"), text);
            assertFalse(r.json().names().contains("filters"), r.json().toString());
        });
    }

    /** A name the proxy serves comes first: the direct openai/gpt-4o (its model_name), not the OpenRouter model of that id. */
    @Test
    void aServedNameComesBeforeAnIdOfTheSameText() {
        Model direct = Family.model("openai", "gpt-4o", "gpt-4o", 0);
        assertEquals("openai/gpt-4o", direct.modelName());
        List<Model> models = new java.util.ArrayList<>(CATALOG.models());
        models.add(direct);
        Catalog catalog = new Catalog(CATALOG.syncedAt(), CATALOG.sources(), models, CATALOG.credits(), CATALOG.dropped(), null);
        JsonObject explained = Explain.of("openai/gpt-4o", Listings.universe(catalog, List.of(entry("openai/gpt-4o", "openai/gpt-4o", "openai")))).json();
        assertEquals(List.of("openai", true), List.of(explained.getString("provider", ""), explained.getBoolean("in_config", false)), explained.toString());
    }
}
