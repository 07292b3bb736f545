package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.WriterConfig;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Fixtures;

/** data/models.json: what a sync keeps, and what a read refuses. */
class CatalogTest {
    @TempDir Path dir;

    static Offer offer(String provider, List<Model> models) { return new Offer(provider, provider + "-source", models, 0, m -> Map.of()); }

    @Test
    void aSyncOfSomeProvidersKeepsEverythingItDidNotFetch() throws Exception {
        List<Model> openRouter = Listings.models(Json.parse(Fixtures.openRouter()));
        Model azure = Family.model("azure", "prod", "gpt-4o", 0), anthropic = Family.model("anthropic", "claude-opus-4-1", "Claude Opus 4.1", 0);
        Map<String, Offer> all = new LinkedHashMap<>();
        all.put("openrouter", offer("openrouter", openRouter));
        all.put("azure", offer("azure", List.of(azure)));
        all.put("anthropic", offer("anthropic", List.of(anthropic)));
        Path file = dir.resolve("models.json");
        SafeWrite w = new SafeWrite();
        w.stage(file, Catalog.of(all, file, "c1")::write, null);
        w.commit();
        Model azure2 = Family.model("azure", "prod2", "gpt-4o-mini", 0);
        Catalog azureOnly = Catalog.of(Map.of("azure", offer("azure", List.of(azure2))), file, "c2");
        assertEquals(openRouter.size() + 2, azureOnly.models().size(), "every OpenRouter and Anthropic model stays; Azure's are the new ones");
        assertTrue(azureOnly.models().contains(azure2) && !azureOnly.models().contains(azure));
        assertEquals(Map.of("azure", "azure-source", "openrouter", "openrouter-source", "anthropic", "anthropic-source"), azureOnly.sources());
        assertEquals("c1", azureOnly.criteria(), "OpenRouter's models were kept by the last sync's criteria");
        assertEquals(new Catalog.Head(Map.of("openrouter", openRouter.size(), "azure", 1, "anthropic", 1), "c1", openRouter.size()), Catalog.head(file));
    }

    @Test
    void clearErrorsNeverAJavaMessage() throws Exception {
        Path huge = dir.resolve("models.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that take no disk
        }
        long t0 = System.nanoTime();
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> Catalog.read(huge));
        assertEquals(Cli.BAD_FILE, f.code);
        assertTrue(f.getMessage().contains("larger than") && f.getMessage().contains("run ./magi models sync"), f.getMessage());
        assertEquals(Map.of(), Catalog.head(huge).counts(), "the sync's look at the first line reads 64 KiB at most");
        assertNull(Catalog.previous(huge));
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L);
        Files.delete(huge);
        assertEquals(0, new ProcessBuilder("mkfifo", huge.toString()).start().waitFor());
        assertEquals(Cli.BAD_FILE, assertThrows(Cli.Failure.class, () -> Catalog.read(huge)).code, "a FIFO is refused, not read");
        assertEquals(Map.of(), Catalog.head(huge).counts());
    }

    /**
     * What Model.Text writes of `m`, on one line, is what minimal-json writes of its JsonObject; as an element of a
     * pretty-printed list, with its keys masked, it is what Cli.json (controls escaped, keys masked) leaves of that.
     */
    static void writtenAsItsJsonObject(Model m, String what) {
        assertEquals(m.toJson().toString(), Catalog.json(m, new StringBuilder()).toString(), what);
        StringBuilder pretty = new StringBuilder("[\n  ");
        Model.Text text = new Model.Text(pretty, "    ");
        m.fields(text);
        text.close().append("\n]");
        assertEquals(Cli.json(new JsonArray().add(m.toJson()).toString(WriterConfig.PRETTY_PRINT)), Cli.redact(pretty.toString()), what);
    }

    @org.junit.jupiter.api.AfterEach
    void forget() { Cli.hide(List::of); }

    /** Catalog.write's hand-written line for a model (and --json's object) is what the model's JsonObject writes, on any text and number. */
    @Test
    void eachModelIsWrittenAsItsJsonObjectWouldBe() {
        List<Model> real = new java.util.ArrayList<>(Listings.models(Json.parse(Fixtures.openRouter())));
        real.addAll(Listings.models(Json.parse(Fixtures.openRouter()), Listings.evidence()));
        for (Model m : real) writtenAsItsJsonObject(m, m.id());
        java.util.Random r = new java.util.Random(7);
        String alphabet = "a\"\\/\n\r\t\b\f\u0000\u001f\u007f\u0080\u009b\u00e9\u200e\u202e\u2028\u2029\u2069\ud83d\ude00 K:@";
        Cli.hide(() -> List.of("KaK", "sk-SENTINEL", "1234"));
        double[] numbers = {0, -0.0, 1, 2.5, 1e-7, 1e21, 123456789.125, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2};
        for (int i = 0; i < 20_000; i++) {
            String[] text = new String[5];
            for (int k = 0; k < text.length; k++) {
                StringBuilder sb = new StringBuilder();
                for (int n = r.nextInt(12); n > 0; n--) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                text[k] = sb.toString();
            }
            Double share = r.nextBoolean() ? null : numbers[r.nextInt(numbers.length)];
            List<String> tags = List.of(text).subList(0, r.nextInt(text.length));
            Model m = new Model(text[0], text[1], text[2], text[3], r.nextInt(101), text[4], tags, numbers[r.nextInt(numbers.length)],
                    numbers[r.nextInt(numbers.length)], r.nextLong(), r.nextLong(), r.nextBoolean(), r.nextBoolean(), r.nextBoolean(), r.nextLong(),
                    new Figures(share, r.nextBoolean() ? null : numbers[r.nextInt(numbers.length)], null, share));
            writtenAsItsJsonObject(m, text[0]);
        }
    }
}
