package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding what LiteLLM knows of a model in its map, the way LiteLLM's get_model_info does. */
class LiteLLMMapTest {
    /** A map in LiteLLM's shape (entries and rules as in litellm 1.108.7's), small enough to read. */
    static final String MAP = """
            {
              "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers", "max_tokens": "LEGACY"},
              "gpt-4o": {"litellm_provider": "openai", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                         "max_tokens": 16384, "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05,
                         "cache_read_input_token_cost": 1.25e-06, "supports_function_calling": true, "supports_vision": true},
              "azure/gpt-4o": {"litellm_provider": "azure", "mode": "chat", "max_input_tokens": 128000, "max_output_tokens": 16384,
                               "input_cost_per_token": 2.5e-06, "output_cost_per_token": 1e-05, "supports_function_calling": true,
                               "supports_vision": true},
              "gpt-4.1": {"litellm_provider": "openai", "mode": "chat", "max_tokens": 32768, "supports_function_calling": true},
              "gpt-5": {"litellm_provider": "openai", "mode": "chat", "max_output_tokens": 128000, "supports_vision": true,
                        "input_cost_per_token": 1.25e-06, "output_cost_per_token": 1e-05},
              "ft:gpt-4o-mini-2024-07-18": {"litellm_provider": "openai", "mode": "chat", "max_output_tokens": 16384,
                                            "input_cost_per_token": 3e-07, "output_cost_per_token": 1.2e-06},
              "gpt-5-image": {"litellm_provider": "openai", "mode": "image_generation"},
              "claude-3-haiku-20240307": {"litellm_provider": "bedrock", "mode": "chat", "max_output_tokens": 4096},
              "fallback_generalizations": {"rules": [
                {"name": "anthropic-claude-ids", "pattern": "^claude-[a-z]+-\\\\d+(?:[-.]\\\\d+)?(?:-\\\\d{8})?$",
                 "model_info": {"litellm_provider": "anthropic"}},
                {"name": "claude-family-baseline", "pattern": "claude-[a-z]+-\\\\d+(?:[-.]\\\\d+)?(?:-\\\\d{8})?",
                 "model_info": {"mode": "chat", "max_input_tokens": 200000, "max_output_tokens": 64000, "max_tokens": 64000,
                                "supports_function_calling": true, "supports_vision": true, "supports_reasoning": true}},
                {"name": "openai-reasoning-family-baseline",
                 "pattern": "^(?!.*search-api)(?:[a-z0-9_.-]+/)*(?:ft:)?(?:o[1-9]\\\\d*(?![a-z0-9])|gpt-[5-9](?:\\\\.\\\\d+)?(?![0-9.])|(?:gpt-\\\\d+(?:\\\\.\\\\d+)?(?:-[a-z0-9]+)*-)?(?:codex|deep-research|chat-latest)(?![a-z0-9]))",
                 "fill_missing_for_providers": ["azure", "azure_ai", "openai"],
                 "model_info": {"supports_reasoning": true, "max_output_tokens": 1}},
                {"name": "broken", "pattern": "(", "model_info": {"supports_vision": true}}
              ]}
            }
            """;

    static LiteLLMMap map(Path dir) throws Exception {
        Path file = dir.resolve("map.json");
        Files.writeString(file, MAP);
        return LiteLLMMap.read(file);
    }

    @Test
    void anEntryIsFoundUnderTheNamesLiteLLMTriesOfItsProvider(@TempDir Path dir) throws Exception {
        LiteLLMMap m = map(dir);
        assertEquals("gpt-4o", m.lookup("openai", "gpt-4o").key());
        assertEquals("azure/gpt-4o", m.lookup("azure", "gpt-4o").key(), "an Azure model is priced by its azure/ entry");
        assertEquals("azure/gpt-4o", m.lookup("azure", "azure/gpt-4o").key(), "a base_model's own prefix is understood");
        assertEquals("gpt-4o", m.lookup("openai", "GPT-4o").key(), "names are matched without regard to case");
        assertEquals("gpt-4.1", m.lookup("openai", "gpt-4.1-2025-04-14").key(), "a dated snapshot falls back to its model");
        assertEquals("ft:gpt-4o-mini-2024-07-18", m.lookup("openai", "ft:gpt-4o-mini-2024-07-18:acme::9xYz").key(), "a fine-tune to its base");
        assertTrue(m.lookup("openai", "gpt-4o").exact());
        assertNull(m.lookup("azure", "davinci-002"), "nothing is known of a model without entry or rule");
        assertFalse(m.lookup("azure", "o1-preview").exact(), "o1-preview has no entry, only the o-series baseline");
        assertNull(m.lookup("anthropic", "claude-3-haiku-20240307"), "another provider's entry is not this model, and no baseline applies to a known name");
        assertFalse(m.entries.containsKey("sample_spec"), "the spec is not a model");
    }

    @Test
    void anEntrysMissingFlagIsFalseAndRulesFillWhatItLacks(@TempDir Path dir) throws Exception {
        LiteLLMMap m = map(dir);
        LiteLLMMap.Known gpt4o = m.lookup("openai", "gpt-4o");
        assertEquals(Boolean.FALSE, gpt4o.flag("supports_reasoning"), "LiteLLM reports a flag its entry lacks as false");
        assertEquals(16384, gpt4o.maxOutput());
        assertEquals(32768, m.lookup("openai", "gpt-4.1").maxOutput(), "the legacy max_tokens when max_output_tokens is absent");
        LiteLLMMap.Known gpt5 = m.lookup("openai", "gpt-5");
        assertEquals(Boolean.TRUE, gpt5.flag("supports_reasoning"), "filled by the openai reasoning rule");
        assertEquals(128000, gpt5.maxOutput(), "a rule never overrides what the entry says");
        assertEquals(Boolean.FALSE, m.lookup("openai", "gpt-4o").flag("supports_reasoning"), "the rule matches gpt-5, not gpt-4o");
        assertNull(m.lookup("openai", "gpt-5-image").info().get("supports_reasoning"), "rules fill chat entries only");
    }

    @Test
    void aModelWithoutEntryGetsOnlyTheFamilyBaseline(@TempDir Path dir) throws Exception {
        LiteLLMMap.Known opus = map(dir).lookup("anthropic", "claude-opus-4-20250514");
        assertFalse(opus.exact());
        assertEquals(Boolean.TRUE, opus.flag("supports_reasoning"));
        assertEquals(64000, opus.maxOutput());
        assertNull(opus.flag("supports_web_search"), "a baseline's missing flag is unknown, not false");
        assertFalse(opus.priced(), "a baseline carries no price");
        assertFalse(opus.info().names().contains("litellm_provider"));
    }

    @Test
    void pricedMeansAnEntryWithATokenPrice(@TempDir Path dir) throws Exception {
        LiteLLMMap m = map(dir);
        assertTrue(m.lookup("azure", "gpt-4o").priced());
        assertFalse(m.lookup("openai", "gpt-4.1").priced());
        assertEquals(1.25e-06, m.lookup("openai", "gpt-4o").price("cache_read_input_token_cost"), 1e-15);
        assertEquals(-1, m.lookup("openai", "gpt-4o").price("cache_creation_input_token_cost"));
    }

    @Test
    void theMapIsTheSettingsOrTheLocalProxysOrNone(@TempDir Path dir) throws Exception {
        Env none = new Env(dir, Map.of());
        assertSame(LiteLLMMap.NONE, LiteLLMMap.locate(none));
        assertFalse(LiteLLMMap.NONE.present());
        Path inVenv = dir.resolve(".magi/litellm-venv/lib/python3.12/site-packages/litellm/model_prices_and_context_window_backup.json");
        Files.createDirectories(inVenv.getParent());
        Files.writeString(inVenv, MAP);
        LiteLLMMap local = LiteLLMMap.locate(none);
        assertEquals(inVenv, local.source);
        assertNotNull(local.lookup("openai", "gpt-4o"));
        Files.writeString(inVenv, "<html>not json");
        assertSame(LiteLLMMap.NONE, LiteLLMMap.locate(none), "a broken map in the venv is as good as none (with a warning)");
        Path own = dir.resolve("mine.json");
        Files.writeString(own, MAP);
        assertEquals(own, LiteLLMMap.locate(new Env(dir, Map.of(LiteLLMMap.SETTING, "mine.json"))).source, "the setting wins, relative to the project");
        Cli.Failure missing = assertThrows(Cli.Failure.class, () -> LiteLLMMap.locate(new Env(dir, Map.of(LiteLLMMap.SETTING, "nowhere.json"))));
        assertEquals(Cli.USAGE, missing.code);
        Files.writeString(own, "[1, 2]");
        assertEquals(Cli.USAGE, assertThrows(Cli.Failure.class, () -> LiteLLMMap.locate(new Env(dir, Map.of(LiteLLMMap.SETTING, "mine.json")))).code);
    }

    /** Final review, item 2: a path no file can have is a settings error with one line, not a Java exception. */
    @Test
    void item2ANulByteInTheSettingIsASettingsError(@TempDir Path dir) {
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> LiteLLMMap.locate(new Env(dir, Map.of(LiteLLMMap.SETTING, "mine\0.json"))));
        assertEquals(Cli.USAGE, f.code);
        assertTrue(f.getMessage().contains("a file name cannot hold a NUL byte"), f.getMessage());
    }

    @Test
    void malformedEntriesAndRulesAreSkipped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("odd.json");
        JsonObject root = Json.parse(MAP).asObject();
        root.add("gpt-9", "not an object").add("gpt-10", new JsonObject().add("litellm_provider", 7).add("max_output_tokens", "lots"));
        Files.writeString(file, root.toString());
        LiteLLMMap m = LiteLLMMap.read(file);
        assertFalse(m.entries.containsKey("gpt-9"), "a value that is not an object is not an entry");
        assertEquals(0, m.lookup("openai", "gpt-10").maxOutput(), "a limit that is not a number is not stated");
        assertEquals(3, m.rules.size(), "the rule whose pattern does not compile is skipped, as LiteLLM skips it");
    }
}
