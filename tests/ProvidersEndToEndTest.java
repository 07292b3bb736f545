import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.LoopbackSync;
import support.Project;

/** OpenRouter, Azure OpenAI, OpenAI and Anthropic in one sync, each served from loopback. */
class ProvidersEndToEndTest extends LoopbackSync {
    static final String DEPLOYMENTS = "/openai/deployments";
    static final String AZURE_KEY = "azure-SENTINEL-key-0123456789";

    @BeforeEach
    void moreProviders() {
        provider.on(DEPLOYMENTS, Answer.json(Fixtures.text("azure/deployments.json")));
        provider.on("/openai-direct/v1/models", Answer.json(Fixtures.text("openai/models.json")));
        provider.on("/anthropic/v1/models?limit=100", Answer.json(Fixtures.text("anthropic/models-page1.json")));
        provider.on("/anthropic/v1/models?limit=100&after_id=claude-sonnet-4-20250514", Answer.json(Fixtures.text("anthropic/models-page2.json")));
    }

    /** Every provider configured, on loopback; `pairs` add or override. */
    static Map<String, String> all(String... pairs) {
        Map<String, String> env = LoopbackSync.env("AZURE_OPENAI_ENDPOINT", provider.base(), "AZURE_OPENAI_API_KEY", AZURE_KEY,
                "OPENAI_API_BASE", provider.base() + "/openai-direct/v1", "OPENAI_API_KEY", "sk-openai-SENTINEL",
                "ANTHROPIC_API_BASE", provider.base() + "/anthropic", "ANTHROPIC_API_KEY", "sk-ant-SENTINEL");
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    static Project.Result sync(Map<String, String> env, String... args) {
        List<String> all = new ArrayList<>(List.of("models", "sync"));
        all.addAll(Arrays.asList(args));
        return project.magi(env, all.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries() {
        return (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(project.read(project.config()))).get("model_list");
    }

    @SuppressWarnings("unchecked")
    static List<String> names(String managedBy) {
        return entries().stream().filter(e -> e.get("model_info") instanceof Map<?, ?> i && managedBy.equals(((Map<String, Object>) i).get("magi_managed")))
                .map(e -> (String) e.get("model_name")).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> entry(String name) {
        return entries().stream().filter(e -> e.get("model_name").equals(name)).findFirst().orElseThrow();
    }

    /** The text of the entries one provider manages, exactly as written in the config. */
    static List<String> blocks(String provider) {
        String text = project.read(project.config());
        return Arrays.stream(text.substring(text.indexOf("model_list:")).split("\n  - ")).filter(b -> b.contains("magi_managed: " + provider + "\n")).toList();
    }

    /** A LiteLLM model map in its real shape that knows gpt-4o and gpt-4o-mini on Azure, not o1-preview. */
    static final String MAP = """
            {"azure/gpt-4o": {"litellm_provider": "azure", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                              "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "supports_function_calling": true, "supports_vision": true},
             "azure/gpt-4o-mini": {"litellm_provider": "azure", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                              "input_cost_per_token": 1.65e-07, "output_cost_per_token": 6.6e-07, "supports_function_calling": true, "supports_vision": true}}""";

    @Test
    void theSpecsAzureExampleGivesExactlyItsThreeEntries() {
        project.write(project.dir.resolve("litellm-map.json"), MAP);
        Project.Result r = sync(all("AZURE_OPENAI_API_VERSION", "2024-08-01-preview", "LITELLM_MODEL_MAP", "litellm-map.json",
                "AZURE_OPENAI_MODELS", "prod-gpt4o:gpt-4o,prod-gpt4o-mini:gpt-4o-mini,prod-o1:o1-preview"), "10");
        assertEquals(0, r.code(), r.all());
        assertEquals(List.of("azure/prod-gpt4o", "azure/prod-gpt4o-mini", "azure/prod-o1"), names("azure").stream().sorted().toList());
        assertEquals(10, names("openrouter").size());
        assertEquals(List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4", "claude-opus-4-1"), entries().subList(0, 4).stream().map(e -> e.get("model_name")).toList(),
                "the shipped direct entries stay first and untouched");
        assertEquals(0, provider.count(DEPLOYMENTS), "a listed deployment needs no discovery");
        @SuppressWarnings("unchecked") Map<String, Object> params = (Map<String, Object>) entry("azure/prod-gpt4o").get("litellm_params");
        assertEquals(Map.of("model", "azure/prod-gpt4o", "api_base", "os.environ/AZURE_OPENAI_ENDPOINT",
                "api_key", "os.environ/AZURE_OPENAI_API_KEY", "api_version", "2024-08-01-preview"), params);
        @SuppressWarnings("unchecked") Map<String, Object> gpt4o = (Map<String, Object>) entry("azure/prod-gpt4o").get("model_info");
        assertEquals("azure/gpt-4o", gpt4o.get("base_model"));
        for (String k : List.of("supports_vision", "supports_function_calling", "supports_reasoning", "max_output_tokens", "input_cost_per_token"))
            assertFalse(gpt4o.containsKey(k), k + ": LiteLLM's map knows azure/gpt-4o, so the entry leaves it to LiteLLM");
        @SuppressWarnings("unchecked") Map<String, Object> o1 = (Map<String, Object>) entry("azure/prod-o1").get("model_info");
        assertEquals("azure/o1-preview", o1.get("base_model"));
        assertTrue(r.err().contains("warning: azure:") && r.err().contains("azure/prod-o1 (o1-preview)") && !r.err().contains("prod-gpt4o "),
                "the one entry no source prices is named: " + r.err());
        assertFalse(r.all().contains(AZURE_KEY));
        assertFalse(project.read(project.config()).contains(AZURE_KEY));
    }

    @Test
    void withoutAListTheDeploymentsAreDiscovered() throws Exception {
        Project.Result r = sync(all(), "5");
        assertEquals(0, r.code(), r.all());
        FakeProvider.Request asked = provider.requests.stream().filter(q -> q.path().equals(DEPLOYMENTS)).findFirst().orElseThrow();
        assertEquals("api-version=2022-12-01", asked.query());
        assertEquals(AZURE_KEY, asked.header("api-key"));
        assertEquals(List.of("azure/prod-gpt4o", "azure/prod-gpt4o-mini", "azure/prod-o1"), names("azure").stream().sorted().toList(),
                "the failed deployment and the embedding model are left out");
        assertTrue(r.err().contains("legacy-35"), "the failed deployment is named: " + r.err());
        Files.writeString(project.dir.resolve("config/sync.yaml"), project.read(project.dir.resolve("config/sync.yaml")).replace("modes: [chat]", "modes: [chat, embedding]"));
        try {
            assertEquals(0, sync(all(), "5").code());
            @SuppressWarnings("unchecked") Map<String, Object> embed = (Map<String, Object>) entry("azure/embed-large").get("model_info");
            assertEquals("embedding", embed.get("mode"));
            assertFalse(embed.containsKey("supports_function_calling"));
        } finally {
            Files.writeString(project.dir.resolve("config/sync.yaml"), project.read(project.dir.resolve("config/sync.yaml")).replace("modes: [chat, embedding]", "modes: [chat]"));
        }
    }

    @Test
    void malformedDeploymentItemsAreNamedAndTheGoodOnesSync() {
        Project.Result r = sync(all("AZURE_OPENAI_MODELS", "a:,:b,a:b:c,x y:gpt-4o,ok:gpt-4o,dup:gpt-4o,dup:gpt-4o-mini"), "5");
        assertEquals(0, r.code(), r.all());
        for (String bad : List.of("'a:'", "':b'", "'a:b:c'", "'x y:gpt-4o'", "'dup:gpt-4o-mini'"))
            assertTrue(r.err().contains("skipping " + bad), bad + " in " + r.err());
        assertEquals(List.of("azure/dup", "azure/ok"), names("azure").stream().sorted().toList());
    }

    @Test
    void directProvidersAreLeftAloneUnlessAsked() {
        Project.Result r = sync(all(), "5");
        assertEquals(0, r.code(), r.all());
        assertEquals(0, provider.count("/openai-direct/v1/models") + provider.count("/anthropic/v1/models"));
        assertTrue(names("openai").isEmpty() && names("anthropic").isEmpty());
    }

    @Test
    void openAIAndAnthropicAreDiscoveredOnRequestChatModelsOnly() {
        Project.Result r = sync(all(), "5", "--providers", "openrouter,openai,anthropic");
        assertEquals(0, r.code(), r.all());
        assertEquals(List.of("openai/ft-gpt-4o-mini-2024-07-18-acme-9xYz", "openai/gpt-3.5-turbo", "openai/gpt-4.1", "openai/gpt-4o-2024-08-06",
                "openai/gpt-5", "openai/o3", "openai/o4-mini"), names("openai").stream().sorted().toList(),
                "chat models only; gpt-4o and gpt-4o-mini are already served by the shipped entries");
        assertEquals(List.of("anthropic/claude-3-5-haiku-20241022", "anthropic/claude-3-7-sonnet-20250219", "anthropic/claude-opus-4-20250514"),
                names("anthropic").stream().sorted().toList(), "both pages; the two shipped Anthropic models are not doubled");
        assertEquals(2, provider.count("/anthropic/v1/models"), "pages are followed with after_id");
        FakeProvider.Request a = provider.requests.stream().filter(q -> q.path().equals("/anthropic/v1/models")).findFirst().orElseThrow();
        assertEquals("sk-ant-SENTINEL", a.header("x-api-key"));
        assertEquals("2023-06-01", a.header("anthropic-version"));
        FakeProvider.Request o = provider.requests.stream().filter(q -> q.path().equals("/openai-direct/v1/models")).findFirst().orElseThrow();
        assertEquals("Bearer sk-openai-SENTINEL", o.header("Authorization"));
        @SuppressWarnings("unchecked") Map<String, Object> params = (Map<String, Object>) entry("anthropic/claude-opus-4-20250514").get("litellm_params");
        assertEquals(Map.of("model", "anthropic/claude-opus-4-20250514", "api_key", "os.environ/ANTHROPIC_API_KEY"), params);
        assertEquals(0, provider.count(DEPLOYMENTS), "--providers picks");
        assertFalse(r.all().contains("SENTINEL"));
        Project.Result list = project.magi(Map.of(), "models", "list", "0", "--json");
        assertEquals(0, list.code(), list.all());
        java.util.Set<String> providers = new java.util.TreeSet<>();
        com.eclipsesource.json.Json.parse(list.out()).asArray().forEach(v -> providers.add(v.asObject().getString("provider", "")));
        assertEquals(java.util.Set.of("openrouter", "openai", "anthropic"), providers, "list shows direct models with their provider");
    }

    @Test
    void azureDownOpenRouterUp() {
        assertEquals(0, sync(all(), "5").code());
        List<String> azure = blocks("azure");
        assertEquals(3, azure.size());
        provider.on(DEPLOYMENTS, Answer.status(503, "down"));
        Project.Result r = sync(all(), "8");
        assertEquals(3, r.code(), "partial: " + r.all());
        assertTrue(r.err().contains("azure:") && r.err().contains("kept"), r.err());
        assertEquals(azure, blocks("azure"), "the failed provider's entries are byte-identical");
        assertEquals(8, names("openrouter").size(), "the other provider still updates");
        assertTrue(project.read(project.data("models.json")).contains("\"provider\":\"azure\""), "its last known models stay in the catalog");
    }

    @Test
    void anEmptyOrUnusableListKeepsTheProvidersEntries() {
        assertEquals(0, sync(all(), "5", "--providers", "openrouter,azure,openai").code());
        List<String> azure = blocks("azure"), openai = blocks("openai");
        assertFalse(azure.isEmpty() || openai.isEmpty());
        provider.on(DEPLOYMENTS, Answer.json("{\"data\": []}"));
        provider.on("/openai-direct/v1/models", Answer.json("{\"object\": \"list\", \"data\": []}"));
        Project.Result r = sync(all(), "5", "--providers", "openrouter,azure,openai");
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("azure: no usable deployment in ") && r.err().contains("openai: " + provider.base() + "/openai-direct/v1/models listed no usable model"), r.err());
        assertEquals(azure, blocks("azure"));
        assertEquals(openai, blocks("openai"));
        // a list written with the wrong separator: every item is malformed
        r = sync(all("AZURE_OPENAI_MODELS", "d1:gpt-4o;d2:gpt-4o-mini"), "5", "--providers", "azure");
        assertEquals(1, r.code(), r.all());
        assertEquals(azure, blocks("azure"));
        r = sync(all(), "5", "--providers", "azure", "--force");
        assertEquals(0, r.code(), r.all());
        assertEquals(List.of(), blocks("azure"), "--force takes the empty list at its word");
        // an OPENAI_API_BASE that is not OpenAI's (Ollama's ids): nothing the sync knows, so nothing usable
        provider.on("/openai-direct/v1/models", Answer.json("{\"data\": [{\"id\": \"llama3.1:8b\"}, {\"id\": \"mistral-7b\"}]}"));
        r = sync(all(), "5", "--providers", "openai");
        assertEquals(1, r.code(), r.all());
        assertEquals(openai, blocks("openai"));
        // deployments the operator's modes leave out are no failure: an embeddings-only resource syncs, with nothing to write
        r = sync(all("AZURE_OPENAI_MODELS", "embed-large:text-embedding-3-large"), "5", "--providers", "azure");
        assertEquals(0, r.code(), r.all());
    }

    @Test
    void anthropicPagesThatNeverAdvanceAreAFailure() {
        provider.on("/anthropic/v1/models?limit=100&after_id=claude-sonnet-4-20250514", Answer.json(Fixtures.text("anthropic/models-page1.json")));
        Project.Result r = sync(all(), "5", "--providers", "openrouter,anthropic");
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("gave a page cursor (last_id) it gave before"), r.err());
        assertEquals(2, provider.count("/anthropic/v1/models"), "asked twice, not 100 times");
        // A, B, A: a cycle longer than one page
        String page2 = Fixtures.text("anthropic/models-page2.json").replace("\"has_more\": false", "\"has_more\": true")
                .replaceFirst("\"last_id\": \"[^\"]*\"", "\"last_id\": \"claude-b\"");
        provider.on("/anthropic/v1/models?limit=100&after_id=claude-sonnet-4-20250514", Answer.json(page2));
        provider.on("/anthropic/v1/models?limit=100&after_id=claude-b", Answer.json(Fixtures.text("anthropic/models-page1.json")));
        r = sync(all(), "5", "--providers", "openrouter,anthropic");
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("it gave before"), r.err());
        provider.on("/anthropic/v1/models?limit=100", Answer.json(Fixtures.text("anthropic/models-page1.json").replaceFirst("\"last_id\": \"[^\"]*\"", "\"last_id\": null")));
        r = sync(all(), "5", "--providers", "openrouter,anthropic");
        assertEquals(3, r.code(), r.all());
        assertTrue(r.err().contains("says it has more models, but gives no last_id"), r.err());
    }

    /**
     * A sync of Azure alone lends its entries OpenRouter's catalog as the last sync kept it: they state what a full
     * sync states (before, their capabilities, limits and prices came and went with OpenRouter in the sync).
     */
    @Test
    void aSyncOfAzureAloneStatesWhatAFullSyncStates() {
        project.write(project.dir.resolve("litellm-map.json"), "{\"azure/gpt-4o\": " + MAP.substring(MAP.indexOf('{', 2), MAP.indexOf('}') + 1) + "}");
        Map<String, String> env = all("LITELLM_MODEL_MAP", "litellm-map.json", "AZURE_OPENAI_MODELS", "prod-gpt4o:gpt-4o,legacy-35:gpt-35-turbo");
        assertEquals(0, sync(env, "5").code());
        @SuppressWarnings("unchecked") Map<String, Object> legacy = (Map<String, Object>) entry("azure/legacy-35").get("model_info");
        assertEquals(List.of(true, 0.0000005, 0.0000015), List.of(legacy.get("supports_function_calling"), legacy.get("input_cost_per_token"),
                legacy.get("output_cost_per_token")), "LiteLLM's map lacks gpt-3.5-turbo: the entry states OpenRouter's values " + legacy);
        List<String> full = blocks("azure");
        byte[] config = project.bytes(project.config());
        Project.Result r = sync(env, "5", "--providers", "azure");
        assertEquals(0, r.code(), r.all());
        assertEquals(full, blocks("azure"));
        assertArrayEquals(config, project.bytes(project.config()), "no byte changed: " + r.err());
    }

    @Test
    void openRouterDownAzureUp() {
        assertEquals(0, sync(all(), "5").code());
        List<String> openrouter = blocks("openrouter");
        provider.on("/api/v1/models", Answer.status(500, "down"));
        provider.on(DEPLOYMENTS, Answer.json(Fixtures.text("azure/deployments.json").replace("\"o1-preview\"", "\"o3\"")));
        Project.Result r = sync(all(), "8");
        assertEquals(3, r.code(), r.all());
        assertEquals(openrouter, blocks("openrouter"));
        @SuppressWarnings("unchecked") Map<String, Object> o1 = (Map<String, Object>) entry("azure/prod-o1").get("model_info");
        assertEquals("azure/o3", o1.get("base_model"), "Azure still updates");
    }

    @Test
    void everyProviderDownChangesNothing() {
        assertEquals(0, sync(all(), "5").code());
        byte[] config = project.bytes(project.config()), models = project.bytes(project.data("models.json"));
        provider.on("/api/v1/models", Answer.status(500, "down"));
        provider.on(DEPLOYMENTS, Answer.status(401, "bad key " + AZURE_KEY));
        Project.Result r = sync(all(), "8");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("check AZURE_OPENAI_API_KEY"), r.err());
        assertFalse(r.all().contains(AZURE_KEY));
        assertArrayEquals(config, project.bytes(project.config()));
        assertArrayEquals(models, project.bytes(project.data("models.json")));
    }

    @Test
    void anUnknownProviderIsABadArgument() {
        Project.Result r = sync(all(), "--providers", "openrouter,azur");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean 'azure'"), r.err());
        assertEquals(0, sync(all(), "5").code());
        byte[] config = project.bytes(project.config());
        r = sync(all(), "--providers", ",");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("--providers names none of openrouter, azure, openai, anthropic"), r.err());
        for (String[] unset : List.of(new String[] {"azure", "AZURE_OPENAI_API_KEY"}, new String[] {"openai", "OPENAI_API_KEY"},
                new String[] {"anthropic", "ANTHROPIC_API_KEY"})) {
            Map<String, String> env = all();
            env.put(unset[1], ""); // empty is unset (every command sees the suite's sentinel keys)
            r = sync(env, "--providers", "openrouter," + unset[0]);
            assertEquals(2, r.code(), "asked for without its settings: a setting to fix, " + r.all());
            assertTrue(r.err().contains(unset[0] + ": ") && r.err().contains(unset[1]) && r.err().endsWith("; nothing changed\n"), r.err());
            assertArrayEquals(config, project.bytes(project.config()));
        }
    }
}
