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

/** Which listings a sync keeps, and which catalogs it refuses. */
class FilterTest {
    String drop(JsonObject o) { return Filter.dropReason(listing(o), DEFAULTS, TODAY); }

    @Test
    void expiredModelsAreDroppedOnTheDayAfter() {
        assertEquals("expired", drop(with(entry("google/gemini-2.0-flash-001", "0.0000001", "0.0000004"), "expiration_date", Json.value("2026-11-24"))));
        assertNull(drop(with(entry("google/gemini-2.0-flash-001", "0.0000001", "0.0000004"), "expiration_date", Json.value("2026-11-25"))));
    }

    @Test
    void variablePricesAreDropped() {
        assertEquals("variable-price", drop(entry("openrouter/auto", "-1", "-1")));
    }

    @Test
    void chatModelsAreThoseWhoseOutputIsText() {
        JsonObject o = entry("google/lyria-3-pro-preview", "0.00001", "0.00001");
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("audio"));
        assertEquals("not-chat", drop(o));
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("image").add("text"));
        assertEquals("not-chat", drop(o), "image generation is not chat unless output_modalities allows image");
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("text").add("audio"));
        assertEquals("not-chat", drop(o), "nor is voice or music");
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("Text"));
        assertNull(drop(o));
        o.get("architecture").asObject().remove("output_modalities");
        assertNull(drop(o), "no outputs listed (older catalogs): text");
    }

    @Test
    void theOperatorCanAllowImageOrAudioOutput(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, "output_modalities: [text, image]\n");
        Criteria c = Criteria.load(file);
        JsonObject o = entry("google/gemini-3.1-flash-image-preview", "0.0000005", "0.000003");
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("image").add("text"));
        assertNull(Filter.dropReason(listing(o), c, TODAY));
        o.get("architecture").asObject().set("output_modalities", new JsonArray().add("image"));
        assertEquals("not-chat", Filter.dropReason(listing(o), c, TODAY), "still no text");
    }

    @Test
    void aliasesAndVariantsFollowTheDocumentedRules() {
        assertEquals("alias", drop(entry("~anthropic/claude-opus-latest", "0.000005", "0.000025")));
        for (String v : List.of("extended", "beta", "nitro", "exacto", "online", "floor"))
            assertEquals("variant", drop(entry("openai/gpt-4o:" + v, "0.0000025", "0.00001")), v);
        assertNull(drop(entry("qwen/qwen-plus-2025-07-28:thinking", "0.0000004", "0.000004")));
        assertEquals("free", drop(entry("meta-llama/llama-3.3-70b-instruct:free", "0", "0")));
        assertEquals("free", drop(entry("openrouter/owl-alpha", "0", "0")));
        assertNull(drop(entry("perplexity/sonar", "0.000001", "0.000001")), "sonar models are kept");
        assertNull(drop(entry("perplexity/llama-3.1-sonar-large-128k-online", "0.000001", "0.000001")), "128k-online is a model, not a variant");
    }


    @Test
    void siftCountsEveryRuleAndRanksDeterministically() {
        JsonArray data = new JsonArray()
                .add(entry("openai/gpt-4o", "0.0000025", "0.00001"))
                .add(entry("openai/gpt-4o", "0.0000025", "0.00001"))
                .add(entry("openrouter/auto", "-1", "-1"))
                .add(entry("x/y:free", "0", "0"))
                .add(Json.value(17))
                .add(entry("anthropic/claude-sonnet-4.5", "0.000003", "0.000015"));
        Filter.Sifted s = sift(new JsonObject().add("data", data), DEFAULTS);
        assertEquals(2, s.kept().size());
        assertEquals(1, s.malformed());
        assertEquals(1, s.duplicates());
        assertEquals(Map.of("variable-price", 1, "free", 1), s.dropped());
        assertEquals(List.of(new Filter.Drop("openrouter/auto", "variable-price", null), new Filter.Drop("x/y:free", "free", null)), s.drops());
        JsonArray reversed = new JsonArray();
        for (int i = data.size() - 1; i >= 0; i--) reversed.add(data.get(i));
        assertEquals(models(new JsonObject().add("data", data)), models(new JsonObject().add("data", reversed)), "the order never depends on the catalog's");
    }

    @Test
    void invalidCatalogsAreRefused() {
        for (String body : List.of("[]", "{}", "{\"data\": {}}", "{\"data\": []}", "{\"data\": null}")) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> sift(Json.parse(body), DEFAULTS), body);
            assertEquals(Cli.FAILED, f.code);
        }
    }

    /** Item 1 (final review): these tests sift as the sync does, streaming the catalog; given "data" twice, it keeps the first list. */
    @Test
    void item1TheTestsSiftWhatTheSyncStreams() {
        String a = entry("openai/gpt-4o", "0.0000025", "0.00001").toString(), b = entry("anthropic/claude-sonnet-4.5", "0.000003", "0.000015").toString();
        for (String body : List.of("{\"data\": [" + a + "], \"data\": [" + b + "]}", "{\"data\": [" + a + "], \"data\": {}}"))
            assertEquals(List.of("openai/gpt-4o"), sift(body, DEFAULTS).kept().stream().map(Listing::id).toList(), body);
    }

    @Test
    void mostlyMalformedOrShrunkenCatalogsNeedForce() {
        JsonArray data = new JsonArray().add(entry("openai/gpt-4o", "0.0000025", "0.00001")).add(17).add("x").add(Json.NULL);
        Filter.Sifted s = sift(new JsonObject().add("data", data), DEFAULTS);
        Filter.Baseline none = new Filter.Baseline(0, 0);
        assertThrows(Cli.Failure.class, () -> Filter.refuseIfSuspicious(s, none, false));
        assertDoesNotThrow(() -> Filter.refuseIfSuspicious(s, none, true));
        Filter.Sifted ok = sift(new JsonObject().add("data", new JsonArray().add(entry("openai/gpt-4o", "0.0000025", "0.00001"))), DEFAULTS);
        assertThrows(Cli.Failure.class, () -> Filter.refuseIfSuspicious(ok, new Filter.Baseline(3, 0), false), "1 kept after 3 is a drop of more than half");
        assertDoesNotThrow(() -> Filter.refuseIfSuspicious(ok, new Filter.Baseline(2, 0), false));
        // after a change of the filter: the listings are compared, kept or not
        assertThrows(Cli.Failure.class, () -> Filter.refuseIfSuspicious(ok, new Filter.Baseline(0, 3), false), "1 listed after 3");
        assertDoesNotThrow(() -> Filter.refuseIfSuspicious(ok, new Filter.Baseline(0, 2), false));
    }
}
