package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The LiteLLM entry a model becomes, the keys the sync owns, and where the operator wins. */
class EntriesTest {
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
        assertTrue(Entries.OWNED_INFO.containsAll(info.keySet()), "every key the sync writes is one it owns");
    }
}
