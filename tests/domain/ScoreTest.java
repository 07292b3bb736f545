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

/** The popularity score, part by part. */
class ScoreTest {
    @Test
    void popularityIsTheDocumentedSum() {
        // leading provider 20 + newest 30 + tools 8 + vision 6 + reasoning 6 + context 1M: 10 + price ($0.50 blended) 6 + stable 5 = 91
        JsonObject o = entry("openai/gpt-9", "0.00000025", "0.00000075");
        o.set("supported_parameters", new JsonArray().add("tools").add("reasoning"));
        o.get("architecture").asObject().set("input_modalities", new JsonArray().add("text").add("image"));
        o.set("context_length", 1_000_000);
        Listing l = listing(o);
        assertEquals(91, Score.popularity(l, Tags.of(l), NOW));
        // another provider (6), a year old (15), no capabilities, 8k context (0), $50 blended (0), a preview (0) = 21
        JsonObject p = entry("someone/model-preview", "0.00005", "0.00005");
        p.set("created", NOW - 365 * 86400L);
        p.set("context_length", 8192);
        Listing q = listing(p);
        assertEquals(21, Score.popularity(q, Tags.of(q), NOW));
    }

    @Test
    void newerOutranksOlderAllElseEqual() {
        JsonObject older = with(entry("openai/gpt-5", "0.00000125", "0.00001"), "created", Json.value(NOW - 200 * 86400L));
        Listing a = listing(entry("openai/gpt-5.5", "0.00000125", "0.00001")), b = listing(older);
        assertTrue(Score.popularity(a, Tags.of(a), NOW) > Score.popularity(b, Tags.of(b), NOW));
    }
}
