import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import domain.Cli;
import domain.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The sync's pure rules, each on small catalogs in OpenRouter's real shape. */
class SyncModelsTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);
    static final long NOW = 1_778_613_011L; // the fixture's newest `created`

    /** A catalog entry shaped like the real API's (see ../shared/fixtures/openrouter). */
    static JsonObject entry(String id, String prompt, String completion) {
        return new JsonObject().add("id", id).add("name", id).add("created", NOW).add("context_length", 128000)
                .add("architecture", new JsonObject().add("modality", "text->text")
                        .add("input_modalities", new JsonArray().add("text")).add("output_modalities", new JsonArray().add("text")))
                .add("pricing", new JsonObject().add("prompt", prompt).add("completion", completion))
                .add("top_provider", new JsonObject().add("context_length", 128000).add("max_completion_tokens", 16384))
                .add("supported_parameters", new JsonArray().add("max_tokens").add("temperature"))
                .add("expiration_date", Json.NULL);
    }

    static JsonObject with(JsonObject o, String key, JsonValue v) { return Json.parse(o.toString()).asObject().set(key, v); }

    static sync_models.Listing listing(JsonObject o) {
        sync_models.Listing l = sync_models.listing(o);
        assertNotNull(l, "entry should be valid: " + o);
        return l;
    }

    static final sync_models.Criteria DEFAULTS = sync_models.Criteria.defaults();

    // ---------------------------------------------------------------- validation

    @Test
    void validEntryIsRead() {
        JsonObject o = entry("openai/gpt-4o", "0.0000025", "0.00001");
        o.set("supported_parameters", new JsonArray().add("tools"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        sync_models.Listing l = listing(o);
        assertEquals("openai", l.provider());
        assertEquals(128000, l.contextLength());
        assertEquals(16384, l.maxOutputTokens());
        assertTrue(l.tools() && l.imageInput() && l.textOutput());
        assertFalse(l.reasoning());
    }

    @Test
    void malformedEntriesAreRejected() {
        JsonObject ok = entry("openai/gpt-4o", "0.0000025", "0.00001");
        List<JsonValue> bad = List.of(
                Json.value("not an object"),
                with(ok, "id", Json.NULL), with(ok, "id", Json.value("")), with(ok, "id", Json.value("no-slash")),
                with(ok, "id", Json.value(42)), with(ok, "id", Json.value("openai/gpt\n4o")), with(ok, "id", Json.value("openai/gpt 4o")),
                with(ok, "id", Json.value("openai/" + "x".repeat(300))), with(ok, "id", Json.value("../../etc/passwd")),
                with(ok, "pricing", Json.NULL), with(ok, "pricing", Json.value("free")),
                with(ok, "pricing", new JsonObject().add("prompt", "abc").add("completion", "0.00001")),
                with(ok, "pricing", new JsonObject().add("prompt", "-0.5").add("completion", "0.00001")),
                with(ok, "pricing", new JsonObject().add("prompt", "0.0000025")),
                with(ok, "context_length", Json.value(0)), with(ok, "context_length", Json.value(1_000_000_000_000L)),
                with(ok, "context_length", Json.value("128000")), with(ok, "context_length", Json.value(1.5)),
                with(ok, "expiration_date", Json.value("someday")));
        for (JsonValue v : bad) assertNull(sync_models.listing(v), "should be malformed: " + v);
    }

    @Test
    void numericPricesAreAcceptedToo() {
        JsonObject o = entry("openai/gpt-4o", "0", "0");
        o.set("pricing", new JsonObject().add("prompt", 0.0000025).add("completion", 0.00001));
        assertEquals(0, listing(o).prompt().compareTo(new java.math.BigDecimal("0.0000025")));
    }

    // ---------------------------------------------------------------- filter

    String drop(JsonObject o) { return sync_models.dropReason(listing(o), DEFAULTS, TODAY); }

    @Test
    void expiredModelsAreDroppedOnTheDayAfter() {
        assertEquals("expired", drop(with(entry("google/gemini-2.0-flash-001", "0.0000001", "0.0000004"), "expiration_date", Json.value("2026-11-24"))));
        assertNull(drop(with(entry("google/gemini-2.0-flash-001", "0.0000001", "0.0000004"), "expiration_date", Json.value("2026-11-25"))));
    }

    @Test
    void variablePricesAreDropped() {
        assertEquals("variable-price", drop(entry("openrouter/auto", "-1", "-1")));
    }

    @Test
    void modelsWithoutTextOutputAreDropped() {
        JsonObject o = entry("google/lyria-3-pro-preview", "0.00001", "0.00001");
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("audio"));
        assertEquals("not-chat", drop(o));
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("image").add("text"));
        assertNull(drop(o));
    }

    @Test
    void aliasesAndVariantsFollowTheDocumentedRules() {
        assertEquals("alias", drop(entry("~anthropic/claude-opus-latest", "0.000005", "0.000025")));
        for (String v : List.of("extended", "beta", "nitro", "exacto", "online", "floor"))
            assertEquals("variant", drop(entry("openai/gpt-4o:" + v, "0.0000025", "0.00001")), v);
        assertNull(drop(entry("qwen/qwen-plus-2025-07-28:thinking", "0.0000004", "0.000004")));
        assertEquals("free", drop(entry("meta-llama/llama-3.3-70b-instruct:free", "0", "0")));
        assertEquals("free", drop(entry("openrouter/owl-alpha", "0", "0")));
        assertNull(drop(entry("perplexity/sonar", "0.000001", "0.000001")), "sonar models are kept");
        assertNull(drop(entry("perplexity/llama-3.1-sonar-large-128k-online", "0.000001", "0.000001")), "128k-online is a model, not a variant");
    }

    @Test
    void freeModelsAndVariantsCanBeKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, "free_models: true\nkeep_variants: [thinking, online]\n");
        sync_models.Criteria c = sync_models.Criteria.load(file);
        assertNull(sync_models.dropReason(listing(entry("meta-llama/llama-3.3-70b-instruct:free", "0", "0")), c, TODAY));
        assertNull(sync_models.dropReason(listing(entry("openai/gpt-4o:online", "0.0000025", "0.00001")), c, TODAY));
    }

    @Test
    void operatorCriteriaFilterProvidersIdsAndPrices(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, """
                include_providers: [openai, anthropic]
                exclude_ids: ["openai/gpt-3.5*"]
                max_input_cost_per_1m: 5
                max_output_cost_per_1m: 20
                """);
        sync_models.Criteria c = sync_models.Criteria.load(file);
        assertNull(sync_models.dropReason(listing(entry("openai/gpt-4o", "0.0000025", "0.00001")), c, TODAY));
        assertEquals("criteria", sync_models.dropReason(listing(entry("google/gemini-2.5-pro", "0.00000125", "0.00001")), c, TODAY));
        assertEquals("criteria", sync_models.dropReason(listing(entry("openai/gpt-3.5-turbo", "0.0000005", "0.0000015")), c, TODAY));
        assertEquals("criteria", sync_models.dropReason(listing(entry("anthropic/claude-opus-4", "0.000015", "0.000075")), c, TODAY));
        assertEquals("criteria", sync_models.dropReason(listing(entry("openai/o1", "0.000001", "0.00006")), c, TODAY));
    }

    @Test
    void criteriaFileErrorsAreClear(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, "free_model: true\n");
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> sync_models.Criteria.load(file));
        assertEquals(Cli.USAGE, f.code);
        assertTrue(f.getMessage().contains("did you mean 'free_models'"), f.getMessage());
        Files.writeString(file, "include_providers: openai\n");
        assertEquals(Cli.USAGE, assertThrows(Cli.Failure.class, () -> sync_models.Criteria.load(file)).code);
        assertEquals(DEFAULTS, sync_models.Criteria.load(dir.resolve("absent.yaml")));
    }

    @Test
    void theShippedCriteriaFileIsTheDefaults() {
        assertEquals(DEFAULTS, sync_models.Criteria.load(support.Project.SOURCE.resolve("config/sync.yaml")));
    }

    // ---------------------------------------------------------------- naming

    @Test
    void namesFollowTheSpecPattern() {
        Map<String, String> n = sync_models.names(List.of("openai/gpt-4o", "qwen/qwen-plus-2025-07-28:thinking", "anthropic/claude-opus-4.7-fast", "~x/odd@id+1"));
        assertEquals("openrouter/openai-gpt-4o", n.get("openai/gpt-4o"));
        assertEquals("openrouter/qwen-qwen-plus-2025-07-28-thinking", n.get("qwen/qwen-plus-2025-07-28:thinking"));
        assertEquals("openrouter/anthropic-claude-opus-4.7-fast", n.get("anthropic/claude-opus-4.7-fast"));
        assertEquals("openrouter/-x-odd-id-1", n.get("~x/odd@id+1"));
    }

    @Test
    void collidingNamesAreNumberedByIdOrderWhateverTheCatalogOrder() {
        List<String> ids = List.of("a-b/c", "a/b-c", "a/b:c");
        Map<String, String> one = sync_models.names(ids), other = sync_models.names(List.of("a/b:c", "a/b-c", "a-b/c"));
        assertEquals(one, other);
        assertEquals("openrouter/a-b-c", one.get("a-b/c"));
        assertEquals("openrouter/a-b-c-2", one.get("a/b-c"));
        assertEquals("openrouter/a-b-c-3", one.get("a/b:c"));
    }

    // ---------------------------------------------------------------- tier, tags, score

    @Test
    void tiersSplitAtOneAndTenDollarsBlended() {
        assertEquals("budget", sync_models.tier(0));
        assertEquals("budget", sync_models.tier(0.99));
        assertEquals("standard", sync_models.tier(1));
        assertEquals("standard", sync_models.tier(9.99));
        assertEquals("premium", sync_models.tier(10));
    }

    List<String> tags(String id) { return sync_models.tags(listing(entry(id, "0.000001", "0.000002"))); }

    @Test
    void tagsComeFromTheDataAndWholeWords() {
        JsonObject o = entry("openai/gpt-4o", "0.0000025", "0.00001");
        o.set("supported_parameters", new JsonArray().add("tools").add("reasoning"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        o.set("context_length", 400000);
        assertEquals(List.of("openai", "function-calling", "vision", "reasoning", "long-context"), sync_models.tags(listing(o)));
        assertFalse(tags("google/gemini-2.5-pro").contains("small"), "'gemini' contains 'mini' but is not a small model");
        assertTrue(tags("google/gemini-2.5-pro").contains("large"));
        assertTrue(tags("google/gemini-2.5-flash").contains("small"));
        assertTrue(tags("meta-llama/llama-3.1-8b-instruct").containsAll(List.of("meta", "small")));
        assertTrue(tags("meta-llama/llama-3.1-405b-instruct").contains("large"));
        assertTrue(tags("mistralai/codestral-2508").containsAll(List.of("mistral", "coding")));
        assertTrue(tags("perplexity/sonar").contains("web-search"));
        assertFalse(tags("openai/gpt-4o").contains("web-search"));
        assertFalse(tags("qwen/qwen3-coder-flash").contains("large"));
    }

    @Test
    void popularityIsTheDocumentedSum() {
        // leading provider 20 + newest 30 + tools 8 + vision 6 + reasoning 6 + context 1M: 10 + price ($0.50 blended) 6 + stable 5 = 91
        JsonObject o = entry("openai/gpt-9", "0.00000025", "0.00000075");
        o.set("supported_parameters", new JsonArray().add("tools").add("reasoning"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        o.set("context_length", 1_000_000);
        sync_models.Listing l = listing(o);
        assertEquals(91, sync_models.popularity(l, sync_models.tags(l), NOW));
        // another provider (6), a year old (15), no capabilities, 8k context (0), $50 blended (0), a preview (0) = 21
        JsonObject p = entry("someone/model-preview", "0.00005", "0.00005");
        p.set("created", NOW - 365 * 86400L);
        p.set("context_length", 8192);
        sync_models.Listing q = listing(p);
        assertEquals(21, sync_models.popularity(q, sync_models.tags(q), NOW));
    }

    @Test
    void newerOutranksOlderAllElseEqual() {
        JsonObject older = with(entry("openai/gpt-5", "0.00000125", "0.00001"), "created", Json.value(NOW - 200 * 86400L));
        sync_models.Listing a = listing(entry("openai/gpt-5.5", "0.00000125", "0.00001")), b = listing(older);
        assertTrue(sync_models.popularity(a, sync_models.tags(a), NOW) > sync_models.popularity(b, sync_models.tags(b), NOW));
    }

    // ---------------------------------------------------------------- sift

    @Test
    void siftCountsEveryRuleAndRanksDeterministically() {
        JsonArray data = new JsonArray()
                .add(entry("openai/gpt-4o", "0.0000025", "0.00001"))
                .add(entry("openai/gpt-4o", "0.0000025", "0.00001"))
                .add(entry("openrouter/auto", "-1", "-1"))
                .add(entry("x/y:free", "0", "0"))
                .add(Json.value(17))
                .add(entry("anthropic/claude-sonnet-4.5", "0.000003", "0.000015"));
        sync_models.Sifted s = sync_models.sift(new JsonObject().add("data", data), DEFAULTS, TODAY);
        assertEquals(2, s.models().size());
        assertEquals(1, s.malformed());
        assertEquals(1, s.duplicates());
        assertEquals(Map.of("variable-price", 1, "free", 1), s.dropped());
        JsonArray reversed = new JsonArray();
        for (int i = data.size() - 1; i >= 0; i--) reversed.add(data.get(i));
        assertEquals(s.models(), sync_models.sift(new JsonObject().add("data", reversed), DEFAULTS, TODAY).models());
    }

    @Test
    void invalidCatalogsAreRefused() {
        for (String body : List.of("[]", "{}", "{\"data\": {}}", "{\"data\": []}", "{\"data\": null}")) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> sync_models.sift(Json.parse(body), DEFAULTS, TODAY), body);
            assertEquals(Cli.FAILED, f.code);
        }
    }

    @Test
    void mostlyMalformedOrShrunkenCatalogsNeedForce() {
        JsonArray data = new JsonArray().add(entry("openai/gpt-4o", "0.0000025", "0.00001")).add(17).add("x").add(Json.NULL);
        sync_models.Sifted s = sync_models.sift(new JsonObject().add("data", data), DEFAULTS, TODAY);
        assertThrows(Cli.Failure.class, () -> sync_models.refuseIfSuspicious(s, 0, false));
        assertDoesNotThrow(() -> sync_models.refuseIfSuspicious(s, 0, true));
        sync_models.Sifted ok = sync_models.sift(new JsonObject().add("data", new JsonArray().add(entry("openai/gpt-4o", "0.0000025", "0.00001"))), DEFAULTS, TODAY);
        assertThrows(Cli.Failure.class, () -> sync_models.refuseIfSuspicious(ok, 3, false), "1 kept after 3 is a drop of more than half");
        assertDoesNotThrow(() -> sync_models.refuseIfSuspicious(ok, 2, false));
    }

    // ---------------------------------------------------------------- entries and merge

    static Model model(String id) {
        sync_models.Sifted s = sync_models.sift(new JsonObject().add("data", new JsonArray().add(entry(id, "0.0000025", "0.00001"))), DEFAULTS, TODAY);
        return s.models().get(0);
    }

    static Map<String, Object> litellmEntry(String id) {
        Model m = model(id);
        return sync_models.openRouterEntry(m, listing(entry(id, "0.0000025", "0.00001")));
    }

    @Test
    void entriesUseLiteLLMsKeysAndAKeyReference() {
        Map<String, Object> e = litellmEntry("openai/gpt-4o");
        assertEquals("openrouter/openai-gpt-4o", e.get("model_name"));
        @SuppressWarnings("unchecked") Map<String, Object> params = (Map<String, Object>) e.get("litellm_params");
        assertEquals(Map.of("model", "openrouter/openai/gpt-4o", "api_key", "os.environ/OPENROUTER_API_KEY"), params);
        @SuppressWarnings("unchecked") Map<String, Object> info = (Map<String, Object>) e.get("model_info");
        assertEquals("openrouter", info.get("magi_managed"));
        assertEquals("chat", info.get("mode"));
        for (String k : List.of("supports_function_calling", "supports_vision", "max_tokens", "max_input_tokens", "input_cost_per_token", "output_cost_per_token"))
            assertTrue(info.containsKey(k), k);
        assertTrue(sync_models.OWNED_INFO.containsAll(info.keySet()), "every key the sync writes is one it owns");
    }

    /** What a sync makes of `before`, choosing among `models` as run() does. */
    static String merged(Path dir, String before, List<String> ids) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, before);
        sync_models.ConfigFile file = sync_models.ConfigFile.read(config);
        List<Model> chosen = sync_models.choose(ids.stream().map(SyncModelsTest::model).toList(), file.operatorTaken(), 0);
        file.merge("openrouter", chosen.stream().map(m -> litellmEntry(m.id())).toList());
        return file.render();
    }

    static final String OPERATOR_CONFIG = """
            # operator's header comment
            model_list:
              - model_name: gpt-4o  # direct OpenAI
                litellm_params:
                  model: openai/gpt-4o
                  api_key: os.environ/OPENAI_API_KEY
              - model_name: openrouter/openai-gpt-4o-mini
                litellm_params:
                  model: openrouter/openai/gpt-4o-mini
                  api_key: os.environ/OPENROUTER_API_KEY
                  temperature: 0.2
            # routing
            router_settings:
              routing_strategy: simple-shuffle
            litellm_settings:
              drop_params: true
            """;

    @Test
    void operatorEntriesSectionsAndCommentsSurvive(@TempDir Path dir) throws Exception {
        String text = merged(dir, OPERATOR_CONFIG, List.of("openai/gpt-4o", "openai/gpt-4o-mini"));
        Map<String, Object> y = new Yaml().load(text);
        @SuppressWarnings("unchecked") List<Map<String, Object>> list = (List<Map<String, Object>>) y.get("model_list");
        assertEquals(List.of("gpt-4o", "openrouter/openai-gpt-4o-mini", "openrouter/openai-gpt-4o"),
                list.stream().map(e -> e.get("model_name")).toList(), "operator entries first and untouched; the sync never replaces a hand-written name");
        assertEquals(Map.of("routing_strategy", "simple-shuffle"), y.get("router_settings"));
        assertEquals(Map.of("drop_params", true), y.get("litellm_settings"));
        for (String comment : List.of("# operator's header comment", "# direct OpenAI", "# routing")) assertTrue(text.contains(comment), comment);
        assertEquals(text, merged(dir, text, List.of("openai/gpt-4o", "openai/gpt-4o-mini")), "a second merge changes nothing");
    }

    @Test
    void operatorKeysOnManagedEntriesSurviveAndStaleEntriesGo(@TempDir Path dir) throws Exception {
        String first = merged(dir, "model_list: []\n", List.of("openai/gpt-4o", "anthropic/claude-sonnet-4.5"));
        String edited = first.replace("      api_key: os.environ/OPENROUTER_API_KEY\n    model_info:\n      magi_managed: openrouter\n",
                "      api_key: os.environ/OPENROUTER_API_KEY\n      temperature: 0.7\n      rpm: 10\n    model_info:\n      magi_managed: openrouter\n      team: research\n");
        assertNotEquals(first, edited);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, edited);
        sync_models.ConfigFile file = sync_models.ConfigFile.read(config);
        sync_models.Merge m = file.merge("openrouter", List.of(litellmEntry("openai/gpt-4o")));
        Map<String, Object> y = new Yaml().load(file.render());
        @SuppressWarnings("unchecked") List<Map<String, Map<String, Object>>> list = (List<Map<String, Map<String, Object>>>) y.get("model_list");
        assertEquals(1, list.size());
        assertEquals(0.7, list.get(0).get("litellm_params").get("temperature"));
        assertEquals(10, list.get(0).get("litellm_params").get("rpm"));
        assertEquals("research", list.get(0).get("model_info").get("team"));
        assertEquals(List.of("openrouter/anthropic-claude-sonnet-4.5"), m.removed());
        assertEquals(1, m.unchanged());
    }

    @Test
    void brokenConfigsAreRefusedWithoutWriting(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml");
        for (String text : List.of("model_list: [\n", "- just\n- a list\n", "model_list: 5\n", "model_list:\n  - 5\n")) {
            Files.writeString(config, text);
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> sync_models.ConfigFile.read(config), text);
            assertEquals(Cli.BAD_FILE, f.code);
        }
    }

    @Test
    void pricesAreWrittenSoPyYamlReadsNumbers(@TempDir Path dir) throws Exception {
        String text = merged(dir, "", List.of("openai/gpt-4o"));
        assertTrue(text.contains("input_cost_per_token: 0.0000025\n"), text);
        assertTrue(text.contains("output_cost_per_token: 0.00001\n"), text);
    }
}
