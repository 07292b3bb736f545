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
import support.Fixtures;

/** Reading one OpenRouter catalog entry: valid, or malformed and skipped. */
class ListingTest {

    /** The catalog's parser keeps only Listing.FIELDS of an entry: parse() must read no other, of any entry of the recorded catalog. */
    @Test
    void parseReadsOnlyTheFieldsTheCatalogKeeps() {
        java.util.Set<String> read = new java.util.TreeSet<>();
        int valid = 0;
        for (JsonValue entry : Json.parse(Fixtures.openRouter()).asObject().get("data").asArray()) {
            JsonObject watched = new JsonObject() {
                @Override public JsonValue get(String name) {
                    read.add(name);
                    return super.get(name);
                }
            };
            entry.asObject().forEach(m -> watched.add(m.getName(), m.getValue()));
            if (Listing.parse(watched) != null) valid++;
        }
        assertTrue(valid > 300, "the recorded catalog's entries are valid: " + valid);
        assertTrue(Listing.FIELDS.containsAll(read), "read " + read + ", kept " + Listing.FIELDS);
        assertTrue(read.containsAll(java.util.Set.of("id", "pricing", "architecture", "top_provider")), "read " + read);
    }


    @Test
    void validEntryIsRead() {
        JsonObject o = entry("openai/gpt-4o", "0.0000025", "0.00001");
        o.set("supported_parameters", new JsonArray().add("tools"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        Listing l = listing(o);
        assertEquals("openai", l.provider());
        assertEquals(128000, l.contextLength());
        assertEquals(16384, l.maxOutputTokens());
        assertTrue(l.tools() && l.imageInput() && l.textOutput());
        assertFalse(l.reasoning());
    }

    @Test
    void anEntryWithOnlyTheModalityStringReadsItsSides() {
        // the spec's sample answer: architecture.modality alone, no input_modalities or output_modalities
        JsonObject spec = Json.parse("""
                {"id": "openai/gpt-4o", "name": "GPT-4o", "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
                 "context_length": 128000, "architecture": {"modality": "text+image->text", "tokenizer": "GPT", "instruct_type": "none"},
                 "supported_parameters": ["temperature", "top_p", "max_tokens"], "description": "..."}""").asObject();
        Listing l = listing(spec);
        assertTrue(l.imageInput());
        assertEquals(List.of("text"), l.outputs());
        JsonObject painter = with(spec, "architecture", new JsonObject().add("modality", "text + image -> image"));
        assertEquals(List.of("image"), listing(painter).outputs());
        assertFalse(listing(painter).textOutput());
        // a list, even an empty one, is what the catalog says: the string is not read then
        JsonObject listed = with(spec, "architecture", new JsonObject().add("modality", "text+image->text").add("input_modalities", new JsonArray().add("text")));
        assertFalse(listing(listed).imageInput());
        assertFalse(listing(with(spec, "architecture", new JsonObject().add("modality", "text"))).imageInput());
    }

    @Test
    void malformedEntriesAreRejected() {
        JsonObject ok = entry("openai/gpt-4o", "0.0000025", "0.00001");
        List<JsonValue> bad = List.of(
                Json.value("not an object"),
                with(ok, "id", Json.NULL), with(ok, "id", Json.value("")), with(ok, "id", Json.value("no-slash")),
                with(ok, "id", Json.value(42)), with(ok, "id", Json.value("openai/gpt\n4o")), with(ok, "id", Json.value("openai/gpt 4o")),
                with(ok, "id", Json.value("openai/" + "x".repeat(300))), with(ok, "id", Json.value("../../etc/passwd")),
                with(ok, "pricing", Json.NULL), with(ok, "pricing", Json.value("free")),
                with(ok, "pricing", new JsonObject().add("prompt", "abc").add("completion", "0.00001")),
                with(ok, "pricing", new JsonObject().add("prompt", "-0.5").add("completion", "0.00001")),
                with(ok, "pricing", new JsonObject().add("prompt", "0.0000025")),
                with(ok, "context_length", Json.value(0)), with(ok, "context_length", Json.value(1_000_000_000_000L)),
                with(ok, "context_length", Json.value("128000")), with(ok, "context_length", Json.value(1.5)),
                with(ok, "expiration_date", Json.value("someday")));
        for (JsonValue v : bad) assertNull(Listing.parse(v), "should be malformed: " + v);
    }

    @Test
    void numericPricesAreAcceptedToo() {
        JsonObject o = entry("openai/gpt-4o", "0", "0");
        o.set("pricing", new JsonObject().add("prompt", 0.0000025).add("completion", 0.00001));
        assertEquals(0, listing(o).prompt().compareTo(new java.math.BigDecimal("0.0000025")));
    }

    @Test
    void item3CachePricesAreReadWhenGiven() {
        JsonObject o = entry("anthropic/claude-opus-4.7", "0.000005", "0.000025");
        o.get("pricing").asObject().add("input_cache_read", "0.0000005").add("input_cache_write", "0.00000625");
        Listing l = listing(o);
        assertEquals(new java.math.BigDecimal("0.0000005"), l.cacheRead());
        assertEquals(new java.math.BigDecimal("0.00000625"), l.cacheWrite());
        Listing none = listing(entry("openai/gpt-4o", "0.0000025", "0.00001"));
        assertNull(none.cacheRead());
        assertNull(none.cacheWrite());
        for (JsonValue bad : List.of(Json.value("-1"), Json.value("abc"), Json.value("-0.5"), Json.value("1"), Json.NULL)) {
            JsonObject odd = entry("openai/gpt-4o", "0.0000025", "0.00001");
            odd.get("pricing").asObject().add("input_cache_read", bad);
            Listing kept = Listing.parse(odd);
            assertNotNull(kept, "a bad cache price does not make the model malformed: " + bad);
            assertNull(kept.cacheRead(), "and is not written: " + bad);
        }
    }

    /** Item 3 over the real catalog: every kept model's entry has OpenRouter's cache prices exactly when it gives them. */
    @Test
    void item3EveryEntryCarriesTheCachePricesOpenRouterGives() {
        JsonValue catalog = Json.parse(support.Fixtures.openRouter());
        Map<String, JsonObject> pricing = new java.util.HashMap<>();
        for (JsonValue v : catalog.asObject().get("data").asArray()) pricing.put(v.asObject().getString("id", ""), v.asObject().get("pricing").asObject());
        List<Listing> kept = sift(catalog, DEFAULTS).kept();
        Map<String, Model> models = new java.util.HashMap<>();
        OpenRouter.models(kept, Evidence.NONE, DEFAULTS.makerShare()).forEach(m -> models.put(m.id(), m));
        int read = 0, write = 0;
        for (Listing l : kept) {
            @SuppressWarnings("unchecked") Map<String, Object> info = (Map<String, Object>) OpenRouter.entry(models.get(l.id()), l).get("model_info");
            for (String[] k : new String[][] {{"input_cache_read", "cache_read_input_token_cost"}, {"input_cache_write", "cache_creation_input_token_cost"}}) {
                String given = pricing.get(l.id()).getString(k[0], null);
                assertEquals(given == null ? null : new java.math.BigDecimal(given), info.get(k[1]), l.id() + " " + k[1]);
                assertTrue(Entries.owned("model_info").contains(k[1]), "the sync owns " + k[1]);
            }
            if (info.containsKey("cache_read_input_token_cost")) read++;
            if (info.containsKey("cache_creation_input_token_cost")) write++;
        }
        long given = kept.stream().filter(l -> pricing.get(l.id()).get("input_cache_read") != null).count();
        long givenWrite = kept.stream().filter(l -> pricing.get(l.id()).get("input_cache_write") != null).count();
        assertTrue(given > 0 && givenWrite > 0, "the fixture gives cache prices");
        assertEquals(given, read, "every entry whose listing has a cache read price carries it");
        assertEquals(givenWrite, write, "every entry whose listing has a cache write price carries it");
    }

    /** Issue 12, item 3: a price such as "1e-3500000" is read as the double it is, fast, and its arithmetic stays cheap. */
    @Test
    void noCatalogCanLockTheOperatorOut() {
        long t0 = System.nanoTime();
        for (String absurd : List.of("1e-3500000", "1e-999999999", "5e-2147483647", "0." + "0".repeat(30) + "1")) {
            Listing l = listing(entry("openai/gpt-4o", absurd, "0.00001"));
            assertTrue(l.prompt().scale() <= 400 && l.prompt().precision() <= 30, absurd + " -> " + l.prompt());
            assertEquals(new java.math.BigDecimal(absurd).doubleValue(), l.prompt().doubleValue(), absurd);
            assertTrue(l.blendedPer1m() > 0);
        }
        assertNull(Listing.parse(entry("openai/gpt-4o", "0.0000025" + "0".repeat(100), "0.00001")), "a 100-character price is not a price");
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
