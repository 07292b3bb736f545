import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/** Provider text never becomes YAML structure: what is written loads back to the same values in SnakeYAML and PyYAML. */
class HostileInputEndToEndTest {
    static final List<String> HOSTILE_IDS = List.of(
            "evil/a: b", "evil/#comment", "evil/&anchor", "evil/*alias", "evil/!tag", "evil/|pipe", "evil/>fold",
            "evil/\"quoted\"", "evil/'single'", "evil/-leading", "-evil/x", "evil/new\nline", "evil/tab\there",
            "evil/ctl\u0001x", "evil/" + "x".repeat(300), "evil/\u00fcn\u00efc\u00f8d\u00e9", "evil/\u202Eright-to-left",
            "evil/../../etc/passwd", "../x/y", "evil/a/b", "evil/", "/evil", "evil/a\u0000b", "evil/~",
            "evil/x\n- model_name: injected\n  litellm_params:\n    model: openai/gpt-4o");
    /** Ids that are valid, yet mean something else to a YAML 1.1 loader if written bare. */
    static final List<String> TRICKY_IDS = List.of("yes/no", "null/true", "evil/1e5", "evil/0x10", "on/off:thinking", "evil/12.30", "true/1.0");
    static final String HOSTILE_NAME = "Name: with\nnewline, \"quotes\", 'single', # hash, & * ! | > \u202Ertl \u0001ctl\n- model_name: injected";

    static Project project;
    static Project.Result result;

    @BeforeAll
    static void sync() throws Exception {
        JsonObject template = Json.parse(Fixtures.openRouter()).asObject().get("data").asArray().values().stream()
                .map(JsonValue::asObject).filter(o -> o.getString("id", "").equals("openai/gpt-4o")).findFirst().orElseThrow();
        JsonArray data = new JsonArray();
        List<String> ids = new ArrayList<>(HOSTILE_IDS);
        ids.addAll(TRICKY_IDS);
        for (int i = 0; i < ids.size(); i++) {
            JsonObject o = Json.parse(template.toString()).asObject();
            data.add(o.set("id", ids.get(i)).set("name", HOSTILE_NAME + " #" + i));
        }
        project = Project.copy();
        try (FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Json.object().add("data", data).toString()));
            result = project.magi(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"), "models", "sync", "0", "--force");
        }
    }

    @AfterAll
    static void remove() { project.close(); }

    @Test
    void hostileIdsAreSkippedAsMalformedAndCounted() {
        assertEquals(0, result.code(), result.all());
        assertTrue(result.err().contains("malformed " + HOSTILE_IDS.size()), result.err());
    }

    @SuppressWarnings("unchecked")
    @Test
    void theConfigLoadsBackToTheSameValuesInSnakeYamlAndPyYaml() throws Exception {
        String text = project.read(project.config());
        List<Map<String, Object>> list = (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(text)).get("model_list");
        assertEquals(4 + TRICKY_IDS.size(), list.size(), "no provider text made an extra entry");
        List<String> javaView = new ArrayList<>();
        for (Map<String, Object> e : list) {
            assertTrue(Set.of("model_name", "litellm_params", "model_info").containsAll(e.keySet()), "no extra key: " + e.keySet());
            Map<String, Object> params = (Map<String, Object>) e.get("litellm_params");
            Object info = e.get("model_info");
            if (info != null) assertTrue(domain.Entries.owned("model_info").containsAll(((Map<String, Object>) info).keySet()), "no extra model_info key");
            javaView.add(e.get("model_name") + " -> " + params.get("model"));
        }
        for (String id : TRICKY_IDS) assertTrue(javaView.stream().anyMatch(v -> v.endsWith(" -> openrouter/" + id)), id + " kept as a string: " + javaView);
        Path script = Files.createTempFile("load", ".py");
        Files.writeString(script, """
                import sys, yaml
                for e in yaml.safe_load(open(sys.argv[1], encoding="utf-8"))["model_list"]:
                    print(f"{e['model_name']} -> {e['litellm_params']['model']}")
                """);
        Project.Result py = project.run(Map.of(), List.of("python3", script.toString(), project.config().toString()));
        Files.delete(script);
        assertEquals(0, py.code(), "PyYAML (LiteLLM's loader) must be importable by python3: " + py.err());
        assertEquals(javaView, py.out().lines().toList(), "PyYAML reads exactly what SnakeYAML reads");
    }

    @Test
    void hostileNamesRoundTripThroughTheCatalog() {
        JsonArray models = new JsonArray();
        for (String line : project.read(project.data("models.json")).lines().toList())
            if (line.startsWith("{\"model_name\"")) models.add(Json.parse(line.endsWith(",") ? line.substring(0, line.length() - 1) : line));
        assertEquals(TRICKY_IDS.size(), models.size(), "one model a line, whatever the names contain");
        for (JsonValue m : models) assertTrue(m.asObject().getString("name", "").startsWith(HOSTILE_NAME), m.toString());
        Project.Result r = project.magi(Map.of(), "models", "top", "0");
        assertEquals(0, r.code(), r.all());
        assertEquals(1 + 4 + TRICKY_IDS.size(), r.out().lines().count(), "the table has one line a model: " + r.out());
    }

    @Test
    void modelNamesAreSafeWords() {
        Map<String, String> names = new LinkedHashMap<>(domain.Naming.names(TRICKY_IDS));
        for (String n : names.values()) assertTrue(n.matches("openrouter/[A-Za-z0-9._-]+"), n);
    }
}
