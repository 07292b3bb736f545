package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Families and versions read from ids. */
class VersionsTest {
    static void oneFamilyNewestFirst(List<String> ids) {
        String family = Versions.of(ids.get(0)).family();
        for (int i = 1; i < ids.size(); i++) {
            assertEquals(family, Versions.of(ids.get(i)).family(), ids.get(i));
            assertTrue(Versions.of(ids.get(i - 1)).number() > Versions.of(ids.get(i)).number(), ids.get(i - 1) + " is newer than " + ids.get(i));
        }
    }

    @Test
    void familiesOfTheRealCatalogReadNewestFirst() {
        oneFamilyNewestFirst(List.of("openai/gpt-5.5", "openai/gpt-5.4", "openai/gpt-5.2", "openai/gpt-5.1", "openai/gpt-5", "openai/gpt-4.1"));
        oneFamilyNewestFirst(List.of("anthropic/claude-opus-4.7", "anthropic/claude-opus-4.6", "anthropic/claude-opus-4.5", "anthropic/claude-opus-4.1", "anthropic/claude-opus-4"));
        oneFamilyNewestFirst(List.of("anthropic/claude-sonnet-4.6", "anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4"));
        oneFamilyNewestFirst(List.of("anthropic/claude-haiku-4.5", "anthropic/claude-3-5-haiku", "anthropic/claude-3-haiku"));
        oneFamilyNewestFirst(List.of("google/gemini-3.1-pro-preview", "google/gemini-2.5-pro"));
        oneFamilyNewestFirst(List.of("google/gemini-3-flash-preview", "google/gemini-2.5-flash", "google/gemini-2.0-flash-001"));
        oneFamilyNewestFirst(List.of("x-ai/grok-4.3", "x-ai/grok-4.20"));
        oneFamilyNewestFirst(List.of("qwen/qwen3.6-plus", "qwen/qwen3.5-plus-20260420", "qwen/qwen-plus"));
        oneFamilyNewestFirst(List.of("mistralai/mistral-medium-3-5", "mistralai/mistral-medium-3.1", "mistralai/mistral-medium-3"));
        oneFamilyNewestFirst(List.of("moonshotai/kimi-k2.6", "moonshotai/kimi-k2.5", "moonshotai/kimi-k2-0905"));
        oneFamilyNewestFirst(List.of("minimax/minimax-m2.7", "minimax/minimax-m2.5", "minimax/minimax-m2.1", "minimax/minimax-m2", "minimax/minimax-m1"));
        oneFamilyNewestFirst(List.of("z-ai/glm-5.1", "z-ai/glm-5", "z-ai/glm-4.5", "z-ai/glm-4-32b"));
    }

    @Test
    void sizesDatesAndVariantsAreNotVersions() {
        assertEquals(Versions.of("google/gemma-4-31b-it"), Versions.of("google/gemma-4-26b-a4b-it"), "two sizes of one generation");
        assertEquals(new Versions.Version("qwen/qwen", 3), Versions.of("qwen/qwen3-235b-a22b-2507"));
        assertEquals(Versions.of("qwen/qwen-plus-2025-07-28"), Versions.of("qwen/qwen-plus-2025-07-28:thinking"));
        assertNotEquals(Versions.of("openai/gpt-5.5").family(), Versions.of("openai/gpt-5.4-mini").family(), "a mini is a family of its own");
    }

    @Test
    void aModelIsSupersededByTheNewestOfItsFamily() {
        List<Model> models = List.of(Listings.model("openai/gpt-5.5"), Listings.model("openai/gpt-5.4"), Listings.model("openai/gpt-5.4-mini"));
        assertEquals(java.util.Map.of("openai/gpt-5.4", "openai/gpt-5.5"), Versions.superseded(models));
    }
}
