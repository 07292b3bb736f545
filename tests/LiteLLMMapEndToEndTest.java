import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import domain.Env;
import domain.LiteLLMMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.LoopbackSync;
import support.Project;

/**
 * Issue 13, items 1 and 2, against the real map of the LiteLLM the proxy runs (in .magi/litellm-venv, or
 * LITELLM_MODEL_MAP): the Azure, OpenAI and Anthropic entries a sync writes for the fixtures never contradict it,
 * and every entry is priced, or named in a warning.
 */
class LiteLLMMapEndToEndTest extends LoopbackSync {
    static LiteLLMMap map;
    static final List<String> DIRECT = List.of("azure", "openai", "anthropic");

    @BeforeAll
    static void findTheMap() {
        Project.installLiteLLM();
        map = LiteLLMMap.locate(new Env(Project.SOURCE, System.getenv()));
    }

    static void needTheMap() {
        assertTrue(map.present(), "LiteLLM's model map is in the venv magi installed (or LITELLM_MODEL_MAP)");
    }

    @BeforeEach
    void directProviders() {
        provider.on("/openai/deployments", Answer.json(Fixtures.text("azure/deployments.json")));
        provider.on("/openai-direct/v1/models", Answer.json(Fixtures.text("openai/models.json")));
        provider.on("/anthropic/v1/models?limit=100", Answer.json(Fixtures.text("anthropic/models-page1.json")));
        provider.on("/anthropic/v1/models?limit=100&after_id=claude-sonnet-4-20250514", Answer.json(Fixtures.text("anthropic/models-page2.json")));
    }

    /** A sync of every provider's fixture; the shipped direct entries are moved aside so every fixture model gets an entry. */
    static Project.Result syncAll() {
        project.write(project.config(), "model_list: []\n");
        Map<String, String> env = env("AZURE_OPENAI_ENDPOINT", provider.base(), "AZURE_OPENAI_API_KEY", "azure-SENTINEL-map-0123",
                "OPENAI_API_BASE", provider.base() + "/openai-direct/v1", "OPENAI_API_KEY", "sk-openai-SENTINEL-map",
                "ANTHROPIC_API_BASE", provider.base() + "/anthropic", "ANTHROPIC_API_KEY", "sk-ant-SENTINEL-map");
        if (map.present()) env.put(LiteLLMMap.SETTING, map.source.toString());
        return project.magi(env, "models", "sync", "0", "--providers", "openrouter,azure,openai,anthropic");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> directEntries() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) ((Map<String, Object>) new Yaml().load(project.read(project.config()))).get("model_list"))
            if (DIRECT.contains(info(e).get("magi_managed"))) out.add(e);
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> info(Map<String, Object> e) { return (Map<String, Object>) e.get("model_info"); }

    /** What LiteLLM knows of an entry's model: by base_model for Azure, else by litellm_params.model. */
    @SuppressWarnings("unchecked")
    static LiteLLMMap.Known known(Map<String, Object> e) {
        String provider = (String) info(e).get("magi_managed");
        String model = provider.equals("azure") ? (String) info(e).get("base_model") : (String) ((Map<String, Object>) e.get("litellm_params")).get("model");
        return map.lookup(provider, model);
    }

    /** Each supports_* / max_* the entry states that differs from what LiteLLM's map (an entry, or its family baseline) says of the model. */
    static List<String> contradictions(Map<String, Object> e, LiteLLMMap.Known k) {
        List<String> out = new ArrayList<>();
        if (k == null) return out;
        for (String key : LiteLLMMap.CAPABILITIES)
            if (info(e).containsKey(key) && k.flag(key) != null && !info(e).get(key).equals(k.flag(key)))
                out.add(e.get("model_name") + " " + key + ": " + info(e).get(key) + ", LiteLLM " + k.flag(key));
        for (String key : LiteLLMMap.LIMITS) {
            long litellm = key.equals("max_input_tokens") ? k.limit(key) : k.maxOutput();
            if (info(e).containsKey(key) && litellm > 0 && ((Number) info(e).get(key)).longValue() != litellm)
                out.add(e.get("model_name") + " " + key + ": " + info(e).get(key) + ", LiteLLM " + litellm);
        }
        return out;
    }

    @Test
    void item1TheDirectEntriesNeverContradictLiteLLMsMap() {
        needTheMap();
        Project.Result r = syncAll();
        assertEquals(0, r.code(), r.all());
        List<Map<String, Object>> entries = directEntries();
        List<String> contradictions = new ArrayList<>(), restated = new ArrayList<>();
        int known = 0, stated = 0;
        for (Map<String, Object> e : entries) {
            LiteLLMMap.Known k = known(e);
            contradictions.addAll(contradictions(e, k));
            for (String key : info(e).keySet()) if (LiteLLMMap.CAPABILITIES.contains(key) || LiteLLMMap.LIMITS.contains(key)) stated++;
            if (k == null) continue;
            if (k.exact()) known++;
            for (String key : LiteLLMMap.CAPABILITIES) if (info(e).containsKey(key) && k.flag(key) != null) restated.add(e.get("model_name") + " " + key);
            if (info(e).containsKey("max_output_tokens") && k.maxOutput() > 0) restated.add(e.get("model_name") + " max_output_tokens");
        }
        System.out.println("item 1: " + entries.size() + " Azure/OpenAI/Anthropic entries, " + known + " with an entry in LiteLLM's map (" + map.source
                + "), " + stated + " supports_*/max_* values stated, " + contradictions.size() + " contradictions");
        assertEquals(List.of(), contradictions);
        assertEquals(List.of(), restated, "what LiteLLM's map says of a model is left to LiteLLM");
        assertTrue(known > 0 && entries.size() >= 15, "the fixtures' models were compared: " + known + " of " + entries.size());
        Map<String, Object> wrong = new HashMap<>(entries.stream().filter(e -> known(e) != null && known(e).exact()).findFirst().orElseThrow());
        Map<String, Object> wrongInfo = new HashMap<>(info(wrong));
        wrongInfo.put("supports_vision", !known(wrong).flag("supports_vision"));
        wrong.put("model_info", wrongInfo);
        assertEquals(1, contradictions(wrong, known(wrong)).size(), "the comparison sees a contradiction");
    }

    @Test
    void item2EveryDirectEntryIsPricedOrNamedInAWarning() {
        needTheMap();
        Project.Result r = syncAll();
        assertEquals(0, r.code(), r.all());
        List<String> silent = new ArrayList<>(), warned = new ArrayList<>();
        int byLiteLLM = 0, byEntry = 0;
        for (Map<String, Object> e : directEntries()) {
            LiteLLMMap.Known k = known(e);
            if (k != null && k.priced()) byLiteLLM++;
            else if (info(e).get("input_cost_per_token") instanceof Number) byEntry++;
            else (r.err().contains((String) e.get("model_name")) ? warned : silent).add((String) e.get("model_name"));
            if (k != null && k.priced()) assertFalse(info(e).containsKey("input_cost_per_token"), e.get("model_name") + ": LiteLLM's own price is kept");
        }
        System.out.println("item 2: priced by LiteLLM's map " + byLiteLLM + ", by the entry (OpenRouter's price) " + byEntry
                + ", at $0 and named in a warning " + warned + ", at $0 silently " + silent);
        assertEquals(List.of(), silent, "no entry is priced at $0 without a warning");
        assertTrue(byEntry > 0, "some entries LiteLLM cannot price get OpenRouter's price");
    }

    @Test
    void theLookupAgreesWithTheInstalledLiteLLM() throws Exception {
        needTheMap();
        Path python = map.source.getParent().getParent().getParent().getParent().getParent().resolve("bin/python");
        assertTrue(Files.isExecutable(python), "LiteLLM itself is installed beside its map (" + python + ")");
        JsonArray pairs = new JsonArray();
        JsonObject all = Json.parse(Files.readString(map.source)).asObject();
        for (JsonObject.Member m : all) {
            if (!m.getValue().isObject()) continue;
            String provider = m.getValue().asObject().getString("litellm_provider", "");
            if (DIRECT.contains(provider) && !m.getName().substring(m.getName().indexOf('/') + 1).contains("/"))
                pairs.add(new JsonArray().add(provider).add(m.getName().replaceFirst("^" + provider + "/", "")));
        }
        for (String[] p : new String[][] {{"openai", "ft:gpt-4o-mini-2024-07-18:acme::9xYz"}, {"openai", "GPT-4O"}, {"anthropic", "claude-opus-4-20250514"},
                {"anthropic", "claude-3-7-sonnet-20250219"}, {"azure", "o1-preview"}, {"azure", "gpt-35-turbo"}, {"openai", "davinci-002"}})
            pairs.add(new JsonArray().add(p[0]).add(p[1]));
        Path in = Files.createTempFile("pairs", ".json");
        Files.writeString(in, pairs.toString());
        String script = """
                import json, os, sys
                os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
                import litellm
                out = []
                for provider, model in json.load(open(sys.argv[1])):
                    try:
                        i = litellm.get_model_info(model=model, custom_llm_provider=provider)
                        out.append({k: i.get(k) for k in ["key", "supports_function_calling", "supports_vision", "supports_reasoning",
                                    "max_input_tokens", "max_output_tokens", "max_tokens", "input_cost_per_token", "output_cost_per_token"]})
                    except Exception:
                        out.append(None)
                print("ANSWER " + json.dumps(out))
                """;
        Process p = new ProcessBuilder(python.toString(), "-c", script, in.toString()).redirectErrorStream(false).start();
        String answer = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes()));
        Files.delete(in);
        JsonArray real = Json.parse(answer.substring(answer.lastIndexOf("ANSWER ") + 7)).asArray(); // LiteLLM may print too
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            String provider = pairs.get(i).asArray().get(0).asString(), model = pairs.get(i).asArray().get(1).asString();
            differ.addAll(differences(provider + "/" + model, real.get(i), map.lookup(provider, model)));
        }
        System.out.println("lookup: " + pairs.size() + " models compared with LiteLLM's get_model_info, " + differ.size() + " differ");
        assertEquals(List.of(), differ);
    }

    static List<String> differences(String name, JsonValue real, LiteLLMMap.Known mine) {
        if (real.isNull() || mine == null) return real.isNull() == (mine == null) ? List.of() : List.of(name + ": known to only one");
        List<String> out = new ArrayList<>();
        JsonObject r = real.asObject();
        if (!r.get("key").isString() || !r.get("key").asString().equals(mine.key())) out.add(name + ": key " + r.get("key") + " vs " + mine.key());
        for (String k : LiteLLMMap.CAPABILITIES)
            if (r.get(k).isTrue() != Boolean.TRUE.equals(mine.flag(k))) out.add(name + ": " + k);
        for (String k : LiteLLMMap.LIMITS)
            if ((r.get(k).isNumber() ? r.get(k).asLong() : 0) != mine.limit(k)) out.add(name + ": " + k);
        boolean priced = (r.get("input_cost_per_token").isNumber() && r.get("input_cost_per_token").asDouble() > 0)
                || (r.get("output_cost_per_token").isNumber() && r.get("output_cost_per_token").asDouble() > 0);
        // get_model_info reports a missing price as 0, so only a price above 0 can be compared
        if (priced != (mine.priced() && (mine.price("input_cost_per_token") > 0 || mine.price("output_cost_per_token") > 0))) out.add(name + ": priced");
        return out;
    }
}
