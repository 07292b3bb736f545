import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/**
 * The real LiteLLM proxy (installed by magi into its venv) loads what the sync wrote, lists every model and
 * routes each request to the right upstream, here fakes on loopback that record what they receive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProxyEndToEndTest {
    static final String OPENROUTER_KEY = "sk-or-proxy-test-4d1f", AZURE_KEY = "azure-proxy-test-77c0", MASTER = "sk-master-proxy-test";
    static final Map<String, String> DEPLOYMENTS = Map.of("prod-gpt4o", "gpt-4o", "prod-gpt4o-mini", "gpt-4o-mini", "prod-o1", "o1-preview");
    static final String COMPLETION = """
            {"id": "chatcmpl-fake", "object": "chat.completion", "created": 1778613011, "model": "fake",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "pong"}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}}""";
    static Project project;
    static FakeProvider upstream;
    static Map<String, String> env;
    static String catalog;
    static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws Exception {
        // LiteLLM goes into the project's own .magi/ (once per run), which the scratch install links; both at once
        var install = java.util.concurrent.CompletableFuture.runAsync(Project::installLiteLLM);
        project = Project.copy();
        install.join();
        upstream = new FakeProvider();
        catalog = Fixtures.openRouter();
        upstream.on("/api/v1/models", Answer.json(catalog));
        upstream.on("/api/v1/chat/completions", Answer.json(COMPLETION));
        for (String d : DEPLOYMENTS.keySet()) upstream.on("/openai/deployments/" + d + "/chat/completions", Answer.json(COMPLETION));
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        StringBuilder listed = new StringBuilder();
        DEPLOYMENTS.forEach((d, m) -> listed.append(listed.length() == 0 ? "" : ",").append(d).append(':').append(m));
        env = new HashMap<>(Map.of("OPENROUTER_API_BASE", upstream.base() + "/api/v1", "OPENROUTER_API_KEY", OPENROUTER_KEY,
                "AZURE_OPENAI_ENDPOINT", upstream.base(), "AZURE_OPENAI_API_KEY", AZURE_KEY, "AZURE_OPENAI_MODELS", listed.toString(),
                "LITELLM_PORT", String.valueOf(port), "LITELLM_MASTER_KEY", MASTER, "LITELLM_LOCAL_MODEL_COST_MAP", "True"));
        env.put("OPENROUTER_MODEL_LIMIT", "25");
        env.putAll(Map.of("OPENAI_API_KEY", "", "ANTHROPIC_API_KEY", "")); // empty means unset: verify must notice
        Project.Result r = project.magi(env, "start");
        assertEquals(0, r.code(), "magi start: " + r.all() + log());
        assertTrue(r.out().contains("serves 32 models"), r.out());
    }

    @AfterAll
    static void stop() {
        try {
            if (project != null) project.magi(env, "stop");
        } finally {
            try {
                java.nio.file.Path pid = project.dir.resolve(".magi/litellm.pid");
                if (Files.exists(pid)) ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroyForcibly);
            } catch (Exception ignored) {
                // nothing was left running
            }
            upstream.close();
            project.close();
        }
    }

    static String log() {
        java.nio.file.Path log = project.dir.resolve(".magi/litellm.log");
        return Files.exists(log) ? "\n" + project.read(log).lines().reduce("", (a, b) -> (a + "\n" + b).substring(Math.max(0, a.length() - 3000))) : "";
    }

    static HttpResponse<String> proxy(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("LITELLM_PORT") + path)).header("Authorization", "Bearer " + MASTER);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Set<String> served() throws Exception {
        HttpResponse<String> r = proxy("GET", "/v1/models", null);
        assertEquals(200, r.statusCode(), r.body());
        Set<String> ids = new TreeSet<>();
        Json.parse(r.body()).asObject().get("data").asArray().forEach(v -> ids.add(v.asObject().getString("id", "")));
        return ids;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries() {
        return (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(project.read(project.config()))).get("model_list");
    }

    static Set<String> configured() {
        Set<String> names = new TreeSet<>();
        entries().forEach(e -> names.add((String) e.get("model_name")));
        return names;
    }

    @Test
    @Order(1)
    void theProxyServesExactlyTheConfiguredModels() throws Exception {
        assertEquals(configured(), served());
        Project.Result verify = project.magi(env, "models", "verify", "--json");
        JsonObject v = Json.parse(verify.out()).asObject();
        assertEquals(0, v.get("missing").asArray().size(), verify.out());
        assertEquals(0, v.get("extra").asArray().size(), verify.out());
        assertEquals(List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY"), v.get("unset_variables").asObject().names(),
                "verify names the key variables the shipped direct entries need");
        assertEquals(1, verify.code(), "verify fails while a key is missing");

        String text = project.read(project.config());
        project.write(project.config(), text.replace("router_settings:\n", "router_settings:\n  fallbacks:\n    - gpt-4o: [gpt-4-legacy, openrouter/openai-gpt-5.5]\n"));
        try {
            Project.Result fallbacks = project.magi(env, "models", "verify");
            assertEquals(1, fallbacks.code());
            assertTrue(fallbacks.out().contains("fallback: gpt-4-legacy is named in the fallbacks but not in the config"), fallbacks.out());
            assertFalse(fallbacks.out().contains("fallback: openrouter/openai-gpt-5.5"), fallbacks.out());
        } finally {
            project.write(project.config(), text);
        }
    }

    @SuppressWarnings("unchecked")
    @Test
    @Order(2)
    void everySyncedEntryIsRoutedToItsUpstreamWithItsKey() throws Exception {
        int routed = 0;
        for (Map<String, Object> e : entries()) {
            if (!(e.get("model_info") instanceof Map<?, ?> info) || info.get("magi_managed") == null) continue;
            String name = (String) e.get("model_name"), model = (String) ((Map<String, Object>) e.get("litellm_params")).get("model");
            upstream.requests.clear();
            HttpResponse<String> r = proxy("POST", "/v1/chat/completions",
                    new JsonObject().add("model", name).add("messages", new JsonArray().add(new JsonObject().add("role", "user").add("content", "ping"))).toString());
            assertEquals(200, r.statusCode(), name + ": " + r.body());
            assertEquals("pong", Json.parse(r.body()).asObject().get("choices").asArray().get(0).asObject().get("message").asObject().getString("content", ""));
            FakeProvider.Request got = upstream.requests.stream().filter(q -> q.method().equals("POST")).findFirst().orElseThrow(() -> new AssertionError(name + " reached no upstream"));
            if (info.get("magi_managed").equals("openrouter")) {
                assertEquals("/api/v1/chat/completions", got.path(), name);
                assertEquals(model.substring("openrouter/".length()), Json.parse(got.body()).asObject().getString("model", ""), name + " asked for the right model");
                assertEquals("Bearer " + OPENROUTER_KEY, got.header("Authorization"), name);
            } else {
                String deployment = model.substring("azure/".length());
                assertEquals("/openai/deployments/" + deployment + "/chat/completions", got.path(), name);
                assertEquals("api-version=2024-08-01-preview", got.query(), name);
                assertEquals(AZURE_KEY, got.header("api-key"), name);
            }
            routed++;
        }
        assertEquals(25 + 3, routed);
    }

    @Test
    @Order(3)
    void modelInfoShowsWhatTheSyncWrote() throws Exception {
        HttpResponse<String> r = proxy("GET", "/model/info", null);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, JsonObject> info = new HashMap<>();
        for (JsonValue v : Json.parse(r.body()).asObject().get("data").asArray())
            info.put(v.asObject().getString("model_name", ""), v.asObject().get("model_info").asObject());
        for (Map<String, Object> e : entries()) {
            if (!(e.get("model_info") instanceof Map<?, ?> written) || !"openrouter".equals(written.get("magi_managed"))) continue;
            JsonObject served = info.get((String) e.get("model_name"));
            assertNotNull(served, (String) e.get("model_name"));
            assertEquals(written.get("supports_function_calling"), served.getBoolean("supports_function_calling", false), e.get("model_name") + " tools");
            assertEquals(written.get("supports_vision"), served.getBoolean("supports_vision", false), e.get("model_name") + " vision");
            assertEquals(((Number) written.get("input_cost_per_token")).doubleValue(), served.getDouble("input_cost_per_token", -1), 1e-12, e.get("model_name") + " price");
            assertEquals(((Number) written.get("output_cost_per_token")).doubleValue(), served.getDouble("output_cost_per_token", -1), 1e-12);
        }
    }

    static long pid() throws Exception {
        return Long.parseLong(Files.readString(project.dir.resolve(".magi/litellm.pid")).strip());
    }

    @Test
    @Order(4)
    void aSyncOrStartThatChangesNothingRestartsNothing() throws Exception {
        long pid = pid();
        Project.Result sync = project.magi(env, "models", "sync", "--restart");
        assertEquals(0, sync.code(), sync.all());
        assertTrue(sync.err().contains("magi: the config did not change; LiteLLM was not restarted"), sync.err());
        assertEquals(pid, pid(), "the same process serves");
        Project.Result start = project.magi(env, "start");
        assertEquals(0, start.code(), start.all());
        assertTrue(start.err().contains("LiteLLM is already serving this config (pid " + pid + "); nothing restarted"), start.err());
        assertTrue(start.out().contains("serves 32 models"), start.out());
        assertEquals(pid, pid(), "the same process serves");
        assertEquals(configured(), served());
        long asked = upstream.count("/api/v1/models");
        Project.Result offline = project.magi(env, "start", "--no-sync");
        assertEquals(0, offline.code(), offline.all());
        assertEquals(asked, upstream.count("/api/v1/models"), "--no-sync asks no provider");
        assertEquals(pid, pid());
        assertEquals(2, project.magi(env, "start", "--bogus").code());
    }

    @Test
    @Order(5)
    void aChangedCatalogIsServedAfterSyncAndRestart() throws Exception {
        long pid = pid();
        JsonArray data = Json.parse(catalog).asObject().get("data").asArray();
        String first = entries().stream().filter(e -> e.get("model_info") instanceof Map<?, ?> i && "openrouter".equals(i.get("magi_managed")))
                .map(e -> (String) e.get("model_name")).findFirst().orElseThrow();
        JsonArray changed = new JsonArray();
        JsonObject added = null;
        for (JsonValue v : data) {
            JsonObject o = v.asObject();
            if (("openrouter/" + o.getString("id", "").replace('/', '-')).equals(first)) {
                added = Json.parse(o.toString()).asObject().set("id", "google/brand-new-model").set("name", "Brand New");
                continue;
            }
            if (o.getString("id", "").equals("anthropic/claude-opus-4.7")) o = Json.parse(o.toString()).asObject().set("pricing", new JsonObject().add("prompt", "0.000004").add("completion", "0.00002"));
            changed.add(o);
        }
        changed.add(added);
        upstream.on("/api/v1/models", Answer.json(Json.object().add("data", changed).toString()));
        // the spec's cron line, under cron's minimal environment
        List<String> cron = new ArrayList<>(List.of("/usr/bin/env", "-i", "HOME=" + System.getProperty("user.home"), "PATH=/usr/bin:/bin"));
        env.forEach((k, v) -> cron.add(k + "=" + v));
        cron.addAll(List.of("bash", "-c", "./magi models sync 25 --quiet --restart"));
        Project.Result r = project.run(Map.of(), cron);
        assertEquals(0, r.code(), r.all() + log());
        assertFalse(r.all().contains("magi: ") || r.out().contains("LiteLLM answers"), "--quiet: magi says nothing when all went well: " + r.all());
        assertNotEquals(pid, pid(), "the config changed: LiteLLM was restarted");
        assertFalse(configured().contains(first));
        assertTrue(configured().contains("openrouter/google-brand-new-model"));
        assertEquals(configured(), served());
        JsonObject opus = null;
        for (JsonValue v : Json.parse(proxy("GET", "/model/info", null).body()).asObject().get("data").asArray())
            if (v.asObject().getString("model_name", "").equals("openrouter/anthropic-claude-opus-4.7")) opus = v.asObject().get("model_info").asObject();
        assertNotNull(opus);
        assertEquals(0.000004, opus.getDouble("input_cost_per_token", -1), 1e-12, "the new price is served");
    }

    @Test
    @Order(6)
    void aFailedSyncLeavesTheProxyServingTheOldSet() throws Exception {
        Set<String> before = served();
        upstream.on("/api/v1/models", Answer.status(500, "down"));
        Project.Result sync = project.magi(env, "models", "sync", "--providers", "openrouter");
        assertEquals(1, sync.code(), sync.all());
        Project.Result r = project.magi(env, "restart", "litellm");
        assertEquals(0, r.code(), r.all());
        assertEquals(before, served());
        Project.Result status = project.magi(env, "status");
        assertEquals(0, status.code());
        assertTrue(status.out().contains("serves " + before.size() + " models"), status.out());
    }

    @Test
    @Order(7)
    void stopStopsIt() {
        assertEquals(0, project.magi(env, "stop").code());
        Project.Result status = project.magi(env, "status");
        assertEquals(1, status.code(), status.all());
        assertTrue(status.out().contains("not answering"), status.out());
    }

    /** The spec's first example sets no master key, which LiteLLM requires: the first start makes one. */
    @Test
    @Order(8)
    void aStartWithoutAMasterKeyMakesOneAndNeverShowsIt() throws Exception {
        java.nio.file.Path dotenv = project.dir.resolve(".env");
        Files.writeString(dotenv, "# mine\nOPENROUTER_MODEL_LIMIT=25"); // no line break at its end
        Files.setPosixFilePermissions(dotenv, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Project.Result start = keyless("start", "--no-sync");
            assertEquals(0, start.code(), start.all() + log());
            assertTrue(Files.exists(dotenv), start.all());
            String line = project.read(dotenv).lines().filter(l -> l.startsWith("LITELLM_MASTER_KEY=")).findFirst().orElseThrow();
            String key = line.substring(line.indexOf('=') + 1);
            assertTrue(key.matches("sk-magi-[0-9a-f]{48}"), line);
            assertFalse(start.all().contains(key), "the key is never shown");
            assertTrue(start.err().contains("made one and added it to .env"), start.err());
            assertEquals(java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(dotenv));
            assertNotEquals(200, proxy("GET", "/v1/models", null).statusCode(), "another key is refused");
            HttpResponse<String> asked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.get("LITELLM_PORT") + "/v1/models"))
                    .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, asked.statusCode(), "LiteLLM takes the key made: " + asked.body());
            Project.Result status = keyless("status");
            assertTrue(status.code() == 0 && status.out().contains("and serves"), "status asks with the key in .env: " + status.all());
            assertTrue(project.read(dotenv).startsWith("# mine\nOPENROUTER_MODEL_LIMIT=25\n"), "the operator's lines stay");
        } finally {
            keyless("stop");
            Files.deleteIfExists(dotenv);
        }
    }

    /** magi with no LITELLM_MASTER_KEY in its environment (the suite gives every command one). */
    static Project.Result keyless(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "-u", "LITELLM_MASTER_KEY", "./magi"));
        cmd.addAll(List.of(args));
        return project.run(env, cmd);
    }
}
