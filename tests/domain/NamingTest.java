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

/** The model_name each OpenRouter id becomes. */
class NamingTest {
    @Test
    void namesFollowTheSpecPattern() {
        Map<String, String> n = Naming.names(List.of("openai/gpt-4o", "qwen/qwen-plus-2025-07-28:thinking", "anthropic/claude-opus-4.7-fast", "~x/odd@id+1"));
        assertEquals("openrouter/openai-gpt-4o", n.get("openai/gpt-4o"));
        assertEquals("openrouter/qwen-qwen-plus-2025-07-28-thinking", n.get("qwen/qwen-plus-2025-07-28:thinking"));
        assertEquals("openrouter/anthropic-claude-opus-4.7-fast", n.get("anthropic/claude-opus-4.7-fast"));
        assertEquals("openrouter/-x-odd-id-1", n.get("~x/odd@id+1"));
    }

    @Test
    void collidingNamesAreNumberedByIdOrderWhateverTheCatalogOrder() {
        List<String> ids = List.of("a-b/c", "a/b-c", "a/b:c");
        Map<String, String> one = Naming.names(ids), other = Naming.names(List.of("a/b:c", "a/b-c", "a-b/c"));
        assertEquals(one, other);
        assertEquals("openrouter/a-b-c", one.get("a-b/c"));
        assertEquals("openrouter/a-b-c-2", one.get("a/b-c"));
        assertEquals("openrouter/a-b-c-3", one.get("a/b:c"));
    }

    @Test
    void aNumberedNameNeverTakesTheNameOfAnotherId() {
        List<String> ids = List.of("zzmaker/a.b:thinking", "zzmaker/a.b-thinking", "zzmaker/a.b-thinking-2", "zzmaker/a.b-thinking-3");
        Map<String, String> names = Naming.names(ids);
        assertEquals(ids.size(), new java.util.HashSet<>(names.values()).size(), "every id its own name: " + names);
        assertEquals("openrouter/zzmaker-a.b-thinking-2", names.get("zzmaker/a.b-thinking-2"), "an id keeps its own name");
        assertEquals("openrouter/zzmaker-a.b-thinking", names.get("zzmaker/a.b-thinking"));
        assertEquals("openrouter/zzmaker-a.b-thinking-4", names.get("zzmaker/a.b:thinking"), "the first number no id is named");
        List<String> reversed = new java.util.ArrayList<>(ids);
        java.util.Collections.reverse(reversed);
        assertEquals(names, Naming.names(reversed));
    }
}
