import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider.Answer;
import support.LoopbackSync;
import support.Project;

/** Syncs that fetch the usage ranking and the benchmarks from loopback (the recorded answers), and syncs where they fail. */
class EvidenceEndToEndTest extends LoopbackSync {
    static final String USAGE_CREDIT = "Source: OpenRouter (openrouter.ai/rankings), as of 2026-05-12";
    static final String BENCHMARK_CREDIT = "Source: Artificial Analysis (artificialanalysis.ai) via OpenRouter (openrouter.ai/rankings), as of 2026-05-12";

    static Project.Result magi(String... args) {
        List<String> all = new ArrayList<>(List.of("models"));
        all.addAll(List.of(args));
        return project.magi(env(), all.toArray(String[]::new));
    }

    static Project.Result ok(Project.Result r) {
        assertEquals(0, r.code(), r.all());
        return r;
    }

    static List<JsonObject> catalogModels() {
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : Json.parse(project.read(project.data("models.json"))).asObject().get("models").asArray()) out.add(v.asObject());
        return out;
    }

    /** The OpenRouter entries of the config, in its order. */
    @SuppressWarnings("unchecked")
    static List<String> synced() {
        Map<String, Object> y = new Yaml().load(project.read(project.config()));
        return ((List<Map<String, Object>>) y.get("model_list")).stream()
                .filter(e -> e.get("model_info") instanceof Map<?, ?> i && "openrouter".equals(i.get("magi_managed")))
                .map(e -> (String) e.get("model_name")).toList();
    }

    static List<String> names(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        String out = ok(magi(all.toArray(String[]::new))).out();
        assertEquals(Json.parse(out).toString(WriterConfig.PRETTY_PRINT) + "\n", out, "what minimal-json's PRETTY_PRINT writes, sources included");
        return Json.parse(out).asArray().values().stream().map(v -> v.asObject().getString("model_name", "")).toList();
    }

    static double number(JsonObject o, String field) { return o.get(field) == null || o.get(field).isNull() ? -1 : o.getDouble(field, -1); }

    static List<String> warnings(Project.Result r) { return r.err().lines().filter(l -> l.startsWith("warning:")).toList(); }

    @Test
    void theMostUsedModelsAreServedAndTheBestScoringLeadTheirCategories() {
        ok(magi("sync", "25"));
        List<JsonObject> models = catalogModels();
        List<String> served = synced();
        List<JsonObject> byUsage = models.stream().filter(o -> number(o, "usage_share") > 0)
                .sorted(Comparator.comparingDouble((JsonObject o) -> number(o, "usage_share")).reversed()).toList();
        assertTrue(byUsage.size() > 30, "usage joined for " + byUsage.size());
        for (JsonObject o : byUsage.subList(0, 10)) assertTrue(served.contains(o.getString("model_name", "")), o.getString("model_name", "") + " is among the 10 most used");
        JsonObject rec = Json.parse(project.read(project.data("model_recommendations.json"))).asObject();
        assertEquals(List.of(USAGE_CREDIT, BENCHMARK_CREDIT), rec.get("sources").asArray().values().stream().map(v -> v.asString().substring(0, v.asString().indexOf("2026-05-12") + 10)).toList());
        Map<String, String> leads = new LinkedHashMap<>(Map.of("most_capable", "intelligence_index", "coding", "coding_index"));
        for (var c : leads.entrySet()) {
            JsonObject first = rec.get("categories").asObject().get(c.getKey()).asObject().get("models").asArray().get(0).asObject();
            Predicate<JsonObject> fits = o -> o.getBoolean("supports_function_calling", false) && number(o, c.getValue()) >= 0
                    && !o.getString("id", "").matches(".*(guard|research|router).*");
            double best = models.stream().filter(fits).mapToDouble(o -> number(o, c.getValue())).max().orElseThrow();
            assertEquals(best, number(first, c.getValue()), c.getKey() + " is led by the best " + c.getValue() + ": " + first);
        }
    }

    @Test
    void topNListsExactlyWhatSyncNWritesInTheSameOrder() {
        for (boolean evidence : new boolean[] {true, false}) {
            project.reset();
            if (!evidence) provider.on(USAGE, Answer.status(500, "")).on(BENCHMARKS, Answer.status(500, ""));
            for (int n : new int[] {25, 10}) {
                ok(magi("sync", String.valueOf(n)));
                assertEquals(synced(), names("top", String.valueOf(n)), "evidence " + evidence + ", N " + n);
                assertEquals(synced(), names("list", String.valueOf(n)));
                assertEquals(catalogModels().stream().limit(n).map(o -> o.getString("model_name", "")).toList(), synced(), "data/models.json keeps the order");
            }
        }
    }

    @Test
    void figuresAreShownWithTheirSourceAndDate() {
        ok(magi("sync", "25"));
        JsonObject top = Json.parse(ok(magi("top", "1", "--json")).out()).asArray().get(0).asObject();
        for (String f : List.of("usage_share", "intelligence_index", "coding_index", "agentic_index")) assertNotNull(top.get(f), f);
        assertTrue(top.get("sources").asArray().toString().contains("as of 2026-05-12"), top.toString());
        String table = ok(magi("top", "5")).out();
        assertTrue(table.contains(USAGE_CREDIT) && table.contains(BENCHMARK_CREDIT), table);
        String recommend = ok(magi("recommend")).out();
        assertTrue(recommend.contains(USAGE_CREDIT) && recommend.contains(BENCHMARK_CREDIT), recommend);
        String explain = ok(magi("explain", "openai/gpt-5.5")).out();
        for (String part : List.of("usage", "quality", "maker", "recency", USAGE_CREDIT, BENCHMARK_CREDIT, "in the config: yes"))
            assertTrue(explain.contains(part), part + " in " + explain);
        JsonObject json = Json.parse(ok(magi("explain", "anthropic/claude-opus-4.7-fast", "--json")).out()).asObject();
        assertEquals("anthropic/claude-opus-4.7", json.get("dropped").asObject().getString("gives_way_to", ""));
        assertEquals(2, magi("explain", "no/such-model").code());
    }

    @Test
    void everyFailureOfTheEvidenceCostsOneWarningAndNeverTheSync() {
        provider.on(USAGE, Answer.status(500, "")).on(BENCHMARKS, Answer.status(500, ""));
        ok(magi("sync", "25"));
        List<String> withoutEvidence = synced();
        Map<String, Answer> failures = new LinkedHashMap<>();
        failures.put("401", Answer.status(401, ""));
        failures.put("429", Answer.status(429, "").withHeader("Retry-After", "30"));
        failures.put("html", Answer.json("<html>down for maintenance</html>"));
        failures.put("malformed", Answer.json("{\"data\": [{\"date\": 1}]}"));
        failures.put("timeout", Answer.json(support.Fixtures.usage()).delay(9000));
        for (var f : failures.entrySet()) {
            project.reset();
            provider.on(USAGE, f.getValue()).on(BENCHMARKS, f.getValue());
            long t0 = System.nanoTime();
            Project.Result r = ok(magi("sync", "25"));
            long seconds = (System.nanoTime() - t0) / 1_000_000_000;
            assertEquals(1, warnings(r).size(), f.getKey() + ": " + r.err());
            assertEquals(withoutEvidence, synced(), f.getKey() + ": the evidence-free order");
            assertTrue(catalogModels().stream().allMatch(o -> o.get("usage_share").isNull() && o.get("intelligence_index").isNull()), f.getKey());
            assertTrue(seconds < 3 + 6, f.getKey() + " took " + seconds + " s with MAGI_HTTP_TIMEOUT=3");
        }
        project.reset();
        Project.Result r = ok(project.magi(env("OPENROUTER_API_KEY", ""), "models", "sync", "25"));
        assertEquals(1, warnings(r).size(), r.err());
        assertTrue(warnings(r).get(0).contains("OPENROUTER_API_KEY is not set"), r.err());
    }

    @Test
    void theAnswersAreKeptADayAndServeAWeekWhenTheEndpointsFail() throws Exception {
        ok(magi("sync", "25"));
        List<String> withEvidence = synced();
        assertEquals(1, provider.count(USAGE));
        assertEquals(1, provider.count(BENCHMARKS));
        ok(magi("sync", "25"));
        assertEquals(1, provider.count(USAGE), "asked at most once a day");
        provider.on(USAGE, Answer.status(503, "")).on(BENCHMARKS, Answer.status(503, ""));
        age(3);
        Project.Result r = ok(magi("sync", "25"));
        assertEquals(1, warnings(r).size(), r.err());
        assertTrue(warnings(r).get(0).contains("using the answer kept from"), r.err());
        assertEquals(withEvidence, synced());
        age(8);
        r = ok(magi("sync", "25"));
        assertTrue(warnings(r).get(0).contains("more than 7 days old"), r.err());
        assertNotEquals(withEvidence, synced(), "a week on, the score goes without the evidence");
        assertTrue(catalogModels().stream().allMatch(o -> o.get("usage_share").isNull()));
    }

    /** Makes the kept answers `days` old. */
    static void age(int days) throws Exception {
        for (String f : List.of("openrouter-usage.json", "openrouter-benchmarks.json")) {
            Path p = project.dir.resolve(".magi/cache").resolve(f);
            JsonObject o = Json.parse(Files.readString(p)).asObject();
            o.set("fetched_at", Instant.now().minus(Duration.ofDays(days)).toString());
            Files.writeString(p, o.toString());
        }
    }
}
