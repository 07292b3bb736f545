package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The score, part by part: each part within its documented range, and the score their sum. */
class ScoreTest {
    static final Map<String, double[]> PRIOR_RANGE = Map.of("maker", new double[] {0, 20}, "current", new double[] {0, 12},
            "standing", new double[] {0, 16}, "recency", new double[] {0, 30}, "capabilities", new double[] {0, 12},
            "context", new double[] {0, 6}, "price", new double[] {-15, -15});

    static JsonObject capable(String id, String prompt, String completion) {
        JsonObject o = entry(id, prompt, completion);
        o.set("supported_parameters", new JsonArray().add("tools").add("reasoning"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        o.set("context_length", 1_000_000);
        return o;
    }

    static Map<String, Double> parts(List<Model> models, String id) {
        Model m = models.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        return Score.parts(m, Score.field(models)).stream().collect(Collectors.toMap(Score.Part::name, Score.Part::points));
    }

    @Test
    void theScoreIsTheDocumentedSum() {
        // a frontier lab's newest flagship, current, tools + reasoning + image input, 1M context: 20 + 12 + 16 + 30 + 12 + 6 = 96
        List<Model> models = models(catalog(capable("openai/gpt-9", "0.000005", "0.00003"), capable("openai/gpt-9-mini", "0.0000005", "0.000003"),
                with(capable("openai/gpt-8", "0.000005", "0.00003"), "created", Json.value(NOW - 365 * 86400L))));
        Model flagship = models.stream().filter(m -> m.id().equals("openai/gpt-9")).findFirst().orElseThrow();
        assertEquals(96, flagship.popularity());
        assertEquals(Map.of("maker", 20.0, "current", 12.0, "standing", 16.0, "recency", 30.0, "capabilities", 12.0, "context", 6.0), parts(models, "openai/gpt-9"));
        // its mini at a tenth of the price: no standing
        assertEquals(0, parts(models, "openai/gpt-9-mini").get("standing"), 1e-9);
        // the version it supersedes, a year older: not current, half the recency; no current model of its time, so no standing
        Map<String, Double> older = parts(models, "openai/gpt-8");
        assertEquals(0, older.get("current"));
        assertEquals(15, older.get("recency"), 1e-9);
        // an unknown maker, 8k context, no capabilities, ultra-premium ($50 blended, so no reference price of its
        // maker to stand against): 0 + 12 + 0 + 30 + 0 + 0 - 15 = 27
        JsonObject p = entry("someone/model", "0.00005", "0.00005");
        p.set("context_length", 8192);
        assertEquals(27, models(catalog(p)).get(0).popularity());
    }

    @Test
    void everyPartStaysInItsRangeAndTheScoreIsTheirSum() {
        for (Evidence evidence : List.of(Evidence.NONE, evidence())) {
            List<Model> models = models(Json.parse(support.Fixtures.openRouter()), evidence);
            Score.Field field = Score.field(models);
            double weight = evidence == Evidence.NONE ? 1 : Score.PRIOR_WITH_EVIDENCE;
            for (Model m : models) {
                List<Score.Part> parts = Score.parts(m, field);
                assertEquals(m.popularity(), Score.total(parts), m.id());
                for (Score.Part p : parts) {
                    double[] range = PRIOR_RANGE.containsKey(p.name()) ? PRIOR_RANGE.get(p.name()) : new double[] {0, 30};
                    double w = PRIOR_RANGE.containsKey(p.name()) ? weight : 1;
                    assertTrue(p.points() >= range[0] * w - 1e-9 && p.points() <= range[1] * w + 1e-9, m.id() + " " + p);
                    assertFalse(p.input().isBlank(), p.name());
                }
                assertEquals(evidence != Evidence.NONE, parts.stream().anyMatch(p -> p.name().equals("usage")), m.id());
            }
        }
    }

    @Test
    void newerOutranksOlderAllElseEqual() {
        JsonObject older = with(entry("openai/gpt-5", "0.00000125", "0.00001"), "created", Json.value(NOW - 200 * 86400L));
        List<Model> models = models(catalog(entry("openai/gpt-5.5", "0.00000125", "0.00001"), older));
        assertEquals("openai/gpt-5.5", models.get(0).id());
        assertTrue(models.get(0).popularity() > models.get(1).popularity());
    }

    @Test
    void smallModelsAndUltraPremiumEditionsStandBelowTheFlagship() {
        List<Model> models = models(catalog(entry("qwen/qwen9-max", "0.000001", "0.000006"), entry("qwen/qwen9-27b", "0.000001", "0.000006"),
                entry("openai/gpt-9", "0.000005", "0.00003"), entry("openai/gpt-9-pro", "0.00003", "0.00018")));
        assertEquals(16, parts(models, "qwen/qwen9-max").get("standing"), 1e-9, "named its maker's largest");
        assertEquals(8, parts(models, "qwen/qwen9-27b").get("standing"), 1e-9, "the same price, but fewer than 100B parameters: halved");
        assertEquals(-15, parts(models, "openai/gpt-9-pro").get("price"));
        assertTrue(models.indexOf(models.stream().filter(m -> m.id().equals("openai/gpt-9")).findFirst().get())
                < models.indexOf(models.stream().filter(m -> m.id().equals("openai/gpt-9-pro")).findFirst().get()));
    }

    @Test
    void usageAndQualityFollowTheirDocumentedCurves() {
        assertEquals(30, Score.usage(0.10).points(), 1e-9, "10% of all tokens or more: full points");
        assertEquals(30, Score.usage(0.25).points(), 1e-9);
        assertEquals(30 * Math.log10(2) / Math.log10(101), Score.usage(0.001).points(), 1e-9);
        assertEquals(0, Score.usage(null).points());
        Score.Field field = new Score.Field(NOW, java.util.Set.of(), Map.of(), Map.of(), Map.of(), 80, 80, 80, true);
        assertEquals(30, Score.quality(new Figures(null, 80.0, null, null), field).points(), 1e-9);
        assertEquals(15, Score.quality(new Figures(null, 40.0, 80.0, 80.0), field).points(), 1e-9, "the intelligence index wins when present");
        assertEquals(22.5, Score.quality(new Figures(null, null, 80.0, 40.0), field).points(), 1e-9, "else coding and agentic, averaged");
        assertEquals(0, Score.quality(Figures.NONE, field).points());
    }
}
