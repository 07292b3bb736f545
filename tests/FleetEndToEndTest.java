import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.LoopbackSync;
import support.Project;

/**
 * Issue 13 item 6, fleets: a config kept elsewhere (a ConfigMap, a bucket) goes through the sync from stdin to
 * stdout and no file is written; verify checks every proxy of the fleet.
 */
class FleetEndToEndTest extends LoopbackSync {
    static final String CONFIG = """
            # kept in a ConfigMap
            model_list:
              - model_name: gpt-4o # the operator's own
                litellm_params:
                  model: openai/gpt-4o
                  api_key: os.environ/OPENAI_API_KEY
            router_settings:
              routing_strategy: simple-shuffle
            """;

    /** `./magi models sync ARGS < input`, with the input kept outside the project. */
    static Project.Result piped(String input, String args) {
        try {
            Path in = Files.createTempFile("configmap", ".yaml");
            Files.writeString(in, input);
            try {
                return project.run(env(), List.of("bash", "-c", "./magi models sync " + args + " < " + in));
            } finally {
                Files.delete(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file of the install with its size and time, the tools magi installs aside. */
    static Map<String, String> files() {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(project.dir)) {
            for (Path p : s.toList()) {
                String rel = project.dir.relativize(p).toString();
                if (rel.startsWith(".magi")) continue;
                out.put(rel, Files.isRegularFile(p) ? Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis() : "dir");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries(String yaml) {
        return (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(yaml)).get("model_list");
    }

    @Test
    void item6TheConfigGoesFromStdinToStdoutAndNoFileIsWritten() {
        Map<String, String> before = files();
        Project.Result r = piped(CONFIG, "10 --config - --output -");
        assertEquals(0, r.code(), r.err());
        assertEquals(before, files(), "no file is created or changed: no config, backup, data/, cache or lock");
        List<Map<String, Object>> entries = entries(r.out());
        assertEquals(11, entries.size(), r.out());
        assertEquals("gpt-4o", entries.get(0).get("model_name"), "the operator's entry stays first");
        assertTrue(r.out().startsWith("# kept in a ConfigMap\n") && r.out().contains("# the operator's own"), "comments are kept");
        assertTrue(r.out().contains("routing_strategy: simple-shuffle"));
        assertTrue(r.err().contains("wrote the config to stdout"), r.err());
        Project.Result again = piped(r.out(), "10 --config - --output -");
        assertEquals(r.out(), again.out(), "the same catalog twice gives the same text, so a pipeline can tell nothing changed");
    }

    @Test
    void aConfigCutShortOnStdoutIsAFailure() {
        Project.Result full = piped(CONFIG, "5 --config - --output - > /dev/full");
        assertEquals(4, full.code(), full.err());
        assertTrue(full.err().contains("could not write the whole config to stdout") && !full.err().contains("wrote the config"), full.err());
    }

    @Test
    void aFileConfigCanBeMergedToStdoutToo() {
        project.write(project.config(), CONFIG);
        Map<String, String> before = files();
        Project.Result r = project.magi(env(), "models", "sync", "5", "--config", project.config().toString(), "--output", "-");
        assertEquals(0, r.code(), r.err());
        assertEquals(before, files(), "the config itself is only read");
        assertEquals(6, entries(r.out()).size());
    }

    @Test
    void aFailureWritesNothingToStdout() {
        Project.Result empty = piped("", "--config - --output -");
        assertEquals(4, empty.code(), empty.err());
        assertEquals("", empty.out());
        assertTrue(empty.err().contains("stdin is empty"), empty.err());
        Project.Result invalid = piped("model_list: [unclosed\n", "--config - --output -");
        assertEquals(4, invalid.code());
        assertEquals("", invalid.out());
        assertEquals(0, provider.count(MODELS), "an empty or invalid input is refused before any fetch");
        provider.on(MODELS, Answer.status(500, "down"));
        Project.Result down = piped(CONFIG, "--config - --output -");
        assertEquals(1, down.code(), down.err());
        assertEquals("", down.out(), "kubectl apply gets nothing to apply");
    }

    @Test
    void theOptionsGoTogetherOrAreRefused() {
        for (String args : List.of("--config -", "--output file.yaml", "--output - --dry-run", "--output - --restore", "--config - --output - --restore")) {
            Project.Result r = piped(CONFIG, args);
            assertEquals(2, r.code(), args + ": " + r.err());
            assertEquals("", r.out(), args);
        }
        assertEquals(0, provider.count(MODELS), "bad usage fetches nothing");
    }

    /** A fake LiteLLM proxy: serves `served` on /v1/models and /v1/model/info, priced except `unpriced`. */
    static FakeProvider proxy(List<String> served, List<String> unpriced) throws IOException {
        FakeProvider p = new FakeProvider();
        JsonArray models = new JsonArray(), info = new JsonArray();
        for (String name : served) {
            models.add(new JsonObject().add("id", name).add("object", "model"));
            JsonObject mi = new JsonObject().add("id", "hash-" + name);
            if (unpriced.contains(name)) mi.add("input_cost_per_token", Json.NULL).add("output_cost_per_token", Json.NULL);
            else mi.add("input_cost_per_token", 2.5e-06).add("output_cost_per_token", 1e-05);
            info.add(new JsonObject().add("model_name", name).add("litellm_params", new JsonObject().add("model", "x/" + name)).add("model_info", mi));
        }
        p.on("/v1/models", Answer.json(new JsonObject().add("data", models).toString()));
        p.on("/v1/model/info", Answer.json(new JsonObject().add("data", info).toString()));
        return p;
    }

    static final String FLEET_CONFIG = """
            model_list:
              - model_name: gpt-4o
                litellm_params: {model: openai/gpt-4o}
              - model_name: azure/prod-o1
                litellm_params: {model: azure/prod-o1}
                model_info: {base_model: azure/o1-preview}
              - model_name: local-free
                litellm_params: {model: openai/llama}
                model_info: {input_cost_per_token: 0, output_cost_per_token: 0}
              - model_name: "anthropic/*"
                litellm_params: {model: "anthropic/*"}
            """;

    @Test
    void item6VerifyReportsEachProxyOfTheFleet() throws Exception {
        project.write(project.config(), FLEET_CONFIG);
        List<String> all = List.of("gpt-4o", "azure/prod-o1", "local-free", "anthropic/*");
        try (FakeProvider good = proxy(all, List.of("local-free", "anthropic/*"));
             FakeProvider bad = proxy(List.of("gpt-4o", "local-free", "anthropic/*"), List.of("gpt-4o", "local-free", "anthropic/*"))) {
            Project.Result one = project.magi(Map.of(), "models", "verify", "--proxy", good.base(), "--json");
            assertEquals(0, one.code(), one.all());
            JsonObject o = Json.parse(one.out()).asObject();
            assertTrue(o.getBoolean("ok", false));
            assertEquals(new JsonArray(), o.get("unpriced"), "a model the config prices at 0 itself is free, and a wildcard is priced per request");
            assertTrue(good.count("/v1/model/info") > 0, "prices are asked of the proxy itself");

            Project.Result text = project.magi(Map.of(), "models", "verify", "--proxy", good.base(), "--proxy", bad.base());
            assertEquals(1, text.code(), text.all());
            assertTrue(text.out().contains("== " + good.base() + "\nok: LiteLLM at " + good.base() + " serves exactly the 4 models"), text.out());
            assertTrue(text.out().contains("== " + bad.base() + "\nmissing: azure/prod-o1"), text.out());
            assertTrue(text.out().contains("unpriced: gpt-4o costs $0"), text.out());
            assertFalse(text.out().contains("unpriced: local-free"), text.out());
            assertTrue(text.out().endsWith("2 proxies: 1 ok, 1 differ\n"), text.out());

            Project.Result json = project.magi(Map.of("LITELLM_PROXIES", good.base() + ", " + bad.base()), "models", "verify", "--json");
            assertEquals(1, json.code());
            JsonArray reports = Json.parse(json.out()).asArray();
            assertEquals(List.of(good.base(), bad.base()), reports.values().stream().map(v -> v.asObject().getString("url", "")).toList());
            assertEquals(List.of(true, false), reports.values().stream().map(v -> v.asObject().getBoolean("ok", true)).toList());
            assertEquals(List.of("gpt-4o"), reports.get(1).asObject().get("unpriced").asArray().values().stream().map(JsonValue::asString).toList());
            assertEquals(new JsonObject(), reports.get(0).asObject().get("unset_variables"), "a remote proxy's environment is not checked here");
        }
    }

    @Test
    void aProxyThatIsDownIsReportedAndTheOthersStillChecked() throws Exception {
        project.write(project.config(), FLEET_CONFIG);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) { closed = s.getLocalPort(); }
        try (FakeProvider good = proxy(List.of("gpt-4o", "azure/prod-o1", "local-free", "anthropic/*"), List.of())) {
            Project.Result r = project.magi(Map.of(), "models", "verify", "--proxy", "http://127.0.0.1:" + closed, "--proxy", good.base());
            assertEquals(1, r.code(), r.all());
            assertTrue(r.out().contains("down: LiteLLM at http://127.0.0.1:" + closed), r.out());
            assertTrue(r.out().contains("ok: LiteLLM at " + good.base()), r.out());
            Project.Result bad = project.magi(Map.of(), "models", "verify", "--proxy", "ftp://host");
            assertEquals(2, bad.code(), bad.all());
        }
    }
}
