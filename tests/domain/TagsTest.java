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

/** Tags from the data and whole words of the id. */
class TagsTest {
    List<String> tags(String id) { return Tags.of(listing(entry(id, "0.000001", "0.000002"))); }

    @Test
    void tagsComeFromTheDataAndWholeWords() {
        JsonObject o = entry("openai/gpt-4o", "0.0000025", "0.00001");
        o.set("supported_parameters", new JsonArray().add("tools").add("reasoning"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        o.set("context_length", 400000);
        assertEquals(List.of("openai", "function-calling", "vision", "reasoning", "long-context"), Tags.of(listing(o)));
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
}
