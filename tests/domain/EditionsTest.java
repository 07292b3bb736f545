package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One entry per model: editions, pre-releases and snapshots give way, unless keep_editions keeps their kind. */
class EditionsTest {
    static JsonObject named(String id, String name, long created, String prompt, String completion) {
        return with(entry(id, prompt, completion), "name", Json.value(name)).set("created", created);
    }

    /** id -> the id it gives way to, for the listings that give way. */
    static Map<String, String> givesWay(List<String> keep, JsonObject... entries) {
        List<Listing> listings = java.util.Arrays.stream(entries).map(Listings::listing).toList();
        return Editions.apply(listings, keep).drops().stream().collect(Collectors.toMap(Filter.Drop::id, Filter.Drop::to));
    }

    @Test
    void linesIgnoreDatesAndPreReleaseWords() {
        for (String id : List.of("openai/gpt-4o-2024-11-20", "openai/gpt-4o-2024-05-13", "openai/gpt-4o"))
            assertEquals("openai/gpt-4o", Editions.line(id), id);
        assertEquals("google/gemini-2.5-pro", Editions.line("google/gemini-2.5-pro-preview-05-06"));
        assertEquals("google/gemini-2.5-flash-lite", Editions.line("google/gemini-2.5-flash-lite-preview-09-2025"));
        assertEquals("qwen/qwen3.5-flash", Editions.line("qwen/qwen3.5-flash-02-23"));
        assertEquals("mistralai/mistral-large", Editions.line("mistralai/mistral-large-2512"));
        assertEquals("qwen/qwen-plus:thinking", Editions.line("qwen/qwen-plus-2025-07-28:thinking"), "a variant is its own line");
        assertEquals("meta-llama/llama-3.1-8b-instruct", Editions.line("meta-llama/llama-3.1-8b-instruct"), "sizes and versions are not dates");
        assertEquals("minimax/minimax-01", Editions.line("minimax/minimax-01"));
    }

    @Test
    void aPreviewGivesWayToItsReleaseEvenWhenNewer() {
        assertEquals(Map.of("google/gemini-2.5-flash-lite-preview-09-2025", "google/gemini-2.5-flash-lite"), givesWay(List.of(),
                named("google/gemini-2.5-flash-lite", "Google: Gemini 2.5 Flash Lite", NOW - 90 * 86400L, "0.0000001", "0.0000004"),
                named("google/gemini-2.5-flash-lite-preview-09-2025", "Google: Gemini 2.5 Flash Lite Preview 09-2025", NOW, "0.0000001", "0.0000004")));
        assertEquals(Map.of("x/a-preview-05-06", "x/a-preview"), givesWay(List.of(), named("x/a-preview", "A Preview 06-05", NOW, "0.000001", "0.000001"),
                named("x/a-preview-05-06", "A Preview 05-06", NOW - 86400, "0.000001", "0.000001")), "without a release, the newest pre-release stays");
        assertEquals(Map.of(), givesWay(List.of("preview"), named("x/a", "A", NOW - 86400, "0.000001", "0.000001"),
                named("x/a-preview", "A preview", NOW, "0.000001", "0.000001")));
    }

    @Test
    void aPinnedSnapshotGivesWayToItsReleaseAndAnOlderVersionToTheNewest() {
        assertEquals(Map.of("openai/gpt-4o-2024-11-20", "openai/gpt-4o", "openai/gpt-4o-2024-05-13", "openai/gpt-4o"), givesWay(List.of(),
                named("openai/gpt-4o", "OpenAI: GPT-4o", NOW - 400 * 86400L, "0.0000025", "0.00001"),
                named("openai/gpt-4o-2024-11-20", "OpenAI: GPT-4o (2024-11-20)", NOW, "0.0000025", "0.00001"),
                named("openai/gpt-4o-2024-05-13", "OpenAI: GPT-4o (2024-05-13)", NOW - 400 * 86400L, "0.000005", "0.000015")));
        assertEquals(Map.of("mistralai/mistral-large", "mistralai/mistral-large-2512", "mistralai/mistral-large-2411", "mistralai/mistral-large-2512"),
                givesWay(List.of(), named("mistralai/mistral-large", "Mistral Large", NOW - 600 * 86400L, "0.000002", "0.000006"),
                        named("mistralai/mistral-large-2411", "Mistral Large 2411", NOW - 380 * 86400L, "0.000002", "0.000006"),
                        named("mistralai/mistral-large-2512", "Mistral: Mistral Large 3 2512", NOW, "0.0000005", "0.0000015")));
        assertEquals(Map.of(), givesWay(List.of("snapshot"), named("openai/gpt-4o", "OpenAI: GPT-4o", NOW, "0.0000025", "0.00001"),
                named("openai/gpt-4o-2024-11-20", "OpenAI: GPT-4o (2024-11-20)", NOW, "0.0000025", "0.00001")));
    }

    @Test
    void anEditionGivesWayToTheModelItNames() {
        assertEquals(Map.of("anthropic/claude-opus-4.7-fast", "anthropic/claude-opus-4.7", "google/gemini-3.1-pro-preview-customtools", "google/gemini-3.1-pro-preview",
                        "openai/o4-mini-high", "openai/o4-mini", "x/m-latest", "x/m"),
                givesWay(List.of(), entry("anthropic/claude-opus-4.7", "0.000005", "0.000025"), entry("anthropic/claude-opus-4.7-fast", "0.00003", "0.00015"),
                        entry("google/gemini-3.1-pro-preview", "0.000002", "0.000012"), entry("google/gemini-3.1-pro-preview-customtools", "0.000002", "0.000012"),
                        entry("openai/o4-mini", "0.0000011", "0.0000044"), entry("openai/o4-mini-high", "0.0000011", "0.0000044"),
                        entry("x/m", "0.000001", "0.000001"), entry("x/m-latest", "0.000001", "0.000001")));
        assertEquals(Map.of(), givesWay(List.of(), entry("x-ai/grok-4", "0.000003", "0.000015"), entry("x-ai/grok-4-fast", "0.0000002", "0.0000005")),
                "a cheaper -fast is a smaller model of its own");
        assertEquals(Map.of(), givesWay(List.of(), entry("openai/gpt-chat-latest", "0.000005", "0.00003")), "an edition of a model the catalog lacks stays");
        assertEquals(Map.of(), givesWay(List.of("fast"), entry("x/m", "0.000001", "0.000001"), entry("x/m-fast", "0.000006", "0.000006")));
    }

    @Test
    void chainsResolveToTheListingThatStays() {
        assertEquals(Map.of("google/gemini-9-pro-preview", "google/gemini-9-pro", "google/gemini-9-pro-preview-customtools", "google/gemini-9-pro"),
                givesWay(List.of(), named("google/gemini-9-pro", "Gemini 9 Pro", NOW, "0.000002", "0.000012"),
                        named("google/gemini-9-pro-preview", "Gemini 9 Pro Preview", NOW - 86400, "0.000002", "0.000012"),
                        named("google/gemini-9-pro-preview-customtools", "Gemini 9 Pro Preview Custom Tools", NOW - 86400, "0.000002", "0.000012")));
    }
}
