package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.Fixtures;

/** The ranking an operator gets from the real 356-model OpenRouter catalog. */
class RankingTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static JsonValue catalog;
    static Filter.Sifted sifted;
    static List<Model> models;
    static List<String> ranked;

    @BeforeAll
    static void sift() {
        catalog = Json.parse(Fixtures.openRouter());
        sifted = Filter.sift(catalog, Criteria.defaults(), TODAY);
        models = OpenRouter.models(sifted.kept());
        ranked = models.stream().map(Model::id).toList();
    }

    @Test
    void everyDropIsCountedByItsRule() {
        assertEquals(356, sifted.total());
        assertEquals(Map.of("alias", 8, "expired", 3, "free", 28, "variable-price", 3), sifted.dropped());
        assertEquals(0, sifted.malformed());
        assertEquals(314, sifted.kept().size());
    }

    @Test
    void theTop25SpansSixProvidersIncludingTheLeadingThree() {
        Set<String> providers = new TreeSet<>();
        for (String id : ranked.subList(0, 25)) providers.add(id.substring(0, id.indexOf('/')));
        assertTrue(providers.size() >= 6, "providers in the top 25: " + providers);
        assertTrue(providers.containsAll(List.of("openai", "anthropic", "google")), providers.toString());
    }

    @Test
    void withinAFamilyTheNewestGenerationRanksFirst() {
        List<List<String>> families = List.of(
                List.of("openai/gpt-5.5", "openai/gpt-5.4", "openai/gpt-5.2", "openai/gpt-5.1", "openai/gpt-5", "openai/gpt-4.1", "openai/gpt-4o"),
                List.of("anthropic/claude-opus-4.7", "anthropic/claude-opus-4.6", "anthropic/claude-opus-4.5", "anthropic/claude-opus-4.1", "anthropic/claude-opus-4"),
                List.of("anthropic/claude-sonnet-4.6", "anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4"),
                List.of("google/gemini-3.1-pro-preview", "google/gemini-2.5-pro"),
                List.of("google/gemini-3-flash-preview", "google/gemini-2.5-flash"),
                List.of("deepseek/deepseek-v4-pro", "deepseek/deepseek-v3.2", "deepseek/deepseek-v3.1-terminus", "deepseek/deepseek-chat-v3.1"),
                List.of("meta-llama/llama-4-maverick", "meta-llama/llama-3.3-70b-instruct"),
                List.of("x-ai/grok-4.3", "x-ai/grok-4.20"));
        for (List<String> family : families) {
            List<Integer> positions = family.stream().map(ranked::indexOf).toList();
            assertFalse(positions.contains(-1), "all kept: " + family);
            List<Integer> sorted = new ArrayList<>(positions);
            Collections.sort(sorted);
            assertEquals(sorted, positions, "rank positions " + positions + " of " + family);
        }
    }

    @Test
    void variablePricedRoutersAreNotRankedAsBargains() {
        for (String router : List.of("openrouter/auto", "openrouter/pareto-code", "openrouter/bodybuilder"))
            assertFalse(ranked.contains(router), router);
        for (Model m : models) {
            assertTrue(m.inputCostPer1m() >= 0 && m.outputCostPer1m() >= 0, m.id());
            assertTrue(m.blendedCostPer1m() > 0, "free models are off by default: " + m.id());
        }
    }

    @Test
    void capabilitiesAreReadFromTheRealFields() {
        Model gpt4o = models.stream().filter(m -> m.id().equals("openai/gpt-4o")).findFirst().orElseThrow();
        assertTrue(gpt4o.functionCalling() && gpt4o.vision(), "gpt-4o has tools and image input");
        long tools = models.stream().filter(Model::functionCalling).count(), vision = models.stream().filter(Model::vision).count();
        assertTrue(tools > 200 && vision > 100, "tools " + tools + ", vision " + vision);
    }

    @Test
    void streamingTheCatalogGivesWhatParsingItWholeGives() throws Exception {
        Filter.Sifter s = new Filter.Sifter(Criteria.defaults(), TODAY);
        CatalogStream h = new CatalogStream(s::accept);
        h.parse(new java.io.StringReader(Fixtures.openRouter()));
        assertEquals(sifted, s.finish(h.document(), h.hasData()));
        assertEquals(0, h.data.size(), "entries are handed on, not kept");
    }

    @Test
    void theRankingDoesNotDependOnTheCatalogOrder() {
        List<JsonValue> entries = new ArrayList<>();
        catalog.asObject().get("data").asArray().forEach(entries::add);
        Collections.shuffle(entries, new Random(7));
        JsonArray shuffled = new JsonArray();
        entries.forEach(shuffled::add);
        assertEquals(models, OpenRouter.models(Filter.sift(new JsonObject().add("data", shuffled), Criteria.defaults(), TODAY).kept()));
    }
}
