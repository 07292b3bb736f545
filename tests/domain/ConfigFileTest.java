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

/** The comment-preserving merge of the sync's entries into the operator's config. */
class ConfigFileTest {
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
        ConfigFile file = ConfigFile.read(config);
        ConfigFile.Merge m = file.merge("openrouter", List.of(litellmEntry("openai/gpt-4o")));
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
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> ConfigFile.read(config), text);
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
