package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.Fixtures;

/** The read commands' index: the universe of the real catalog and a hand-written config, read back as it was built. */
class UniverseIndexTest {
    static final String CONFIG = """
            model_list:
              - model_name: gpt-4o # the catalog lists openai/gpt-4o: it takes that model's score
                litellm_params: {model: openai/gpt-4o, api_key: os.environ/OPENAI_API_KEY}
              - model_name: in-house
                litellm_params: {model: hosted_vllm/llama, api_base: http://10.0.0.5:8000}
                model_info: {supports_vision: true, magi_cost_tier: budget, input_cost_per_token: 0.0000001}
            """;
    static final List<Filter.Drop> DROPPED = List.of(new Filter.Drop("anthropic/claude-opus-4.7-fast", "edition", "anthropic/claude-opus-4.7"),
            new Filter.Drop("google/gemini-2.5-flash-image", "not-chat", null));
    @TempDir Path home;
    Path modelsJson, config;
    Catalog catalog;

    @BeforeEach
    void sync() throws Exception {
        Files.createDirectories(home.resolve("data"));
        modelsJson = home.resolve("data/models.json");
        config = home.resolve("config.yaml");
        domain.Evidence evidence = Listings.evidence(); // figures on the models, credits on the catalog: the index must carry both
        List<Model> models = Listings.models(Json.parse(Fixtures.openRouter()), evidence);
        catalog = Catalog.of(Map.of("openrouter", new Offer("openrouter", "http://127.0.0.1/api/v1/models", models, 50, m -> Map.of(),
                Set.of(), DROPPED, evidence.credits(), null)), modelsJson, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        catalog.write(out);
        Files.write(modelsJson, out.toByteArray());
        Files.writeString(Recommendations.beside(modelsJson), Recommendations.render(catalog, Set.of()));
        StringBuilder yaml = new StringBuilder(CONFIG);
        for (Model m : models.subList(0, 20))
            yaml.append("  - model_name: ").append(m.modelName()).append("\n    litellm_params: {model: ").append(m.route())
                    .append("}\n    model_info: {magi_managed: openrouter}\n");
        Files.writeString(config, yaml);
    }

    Path index() { return home.resolve(UniverseIndex.FILE); }

    static void assertSame(Universe want, Universe got) {
        assertEquals(new ArrayList<>(want.models), new ArrayList<>(got.models), "every field of every model, in the same order");
        assertArrayEquals(want.servedAt, got.servedAt, "where the served models are");
        assertEquals(new ArrayList<>(want.rows), new ArrayList<>(got.rows), "each model's row of the table");
        int facets = want.models.size() * want.facets.stride;
        assertArrayEquals(Arrays.copyOfRange(want.facets.bytes, want.facets.offset, want.facets.offset + facets),
                Arrays.copyOfRange(got.facets.bytes, got.facets.offset, got.facets.offset + facets), "what the filters look at");
        assertEquals(want.tags, got.tags);
        assertEquals(want.providers, got.providers);
        assertEquals(want.credits, got.credits);
        assertEquals(want.catalogSize, got.catalogSize);
        assertEquals(want.entries, got.entries, "who serves which model, for explain");
        assertEquals(new ArrayList<>(want.standings), new ArrayList<>(got.standings), "each ranked model's standing, for explain");
        assertEquals(new ArrayList<>(want.dropped), new ArrayList<>(got.dropped), "the dropped listings, for explain");
        assertEquals(want.recommendations, got.recommendations, "the recommendations, for recommend and explain");
    }

    @Test
    void theIndexHoldsWhatTheFilesSay() {
        Universe built = Listings.universe(catalog, ProxyConfig.read(config).entries());
        assertTrue(catalog.models().size() > 250 && built.models.stream().anyMatch(m -> m.modelName().equals("in-house")), catalog.models().size() + " models");
        assertEquals(catalog.models().size() + 2, built.models.size(), "every catalog model, and the two entries of the operator's the catalog does not route");
        Universe loaded = Universe.load(modelsJson, config, home);
        assertTrue(Files.exists(index()), "the first read command writes the index");
        assertSame(built, loaded);
        Universe indexed = UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config));
        assertNotNull(indexed, "the next one reads it");
        assertSame(built, indexed);
        assertEquals(built.models.subList(0, 10), indexed.models.subList(0, 10), "a model is decoded when asked for, in any order");
        assertFalse(indexed.credits.isEmpty(), "the evidence's attribution, for the sources lines");
        assertEquals(Recommend.values().length, indexed.recommendations.size(), "every category of the recommendations");
        assertEquals(DROPPED, indexed.dropped);
        assertEquals(java.util.stream.IntStream.range(0, built.models.size()).filter(built::inConfig).mapToObj(built.models::get).toList(), Arrays.stream(indexed.servedAt).mapToObj(indexed.models::get).toList(),
                "the served models, in the one order");
        assertEquals(22, indexed.servedAt.length);
        assertEquals(22, indexed.entries.size(), "the config's entries");
        assertEquals(catalog.ranked().size(), indexed.standings.size(), "a standing for each ranked model");
        assertTrue(indexed.models.stream().anyMatch(m -> m.figures().indexed()) && indexed.models.stream().anyMatch(m -> m.figures().usageShare() != null),
                "usage shares and benchmark indices survive the index");
        assertEquals(catalog.models(), indexed.models.subList(0, catalog.models().size()), "the one order models.json holds, never re-sorted");
    }

    @Test
    void aCatalogOfManyChunksIsReadBackAsItWasBuilt() throws Exception {
        // more than two chunks of each section that has one a model: the second of each pair is encoded on another core
        List<Model> many = new ArrayList<>();
        for (int i = 0; many.size() < 2 * UniverseIndex.Chunk.VALUES + 3; i++) {
            Model m = catalog.models().get(i % catalog.models().size());
            many.add(new Model(m.modelName() + "-" + i, m.id() + "-" + i, m.name(), m.provider(), m.popularity(), m.costTier(), m.tags(),
                    m.inputCostPer1m(), m.outputCostPer1m(), m.contextLength(), m.maxOutputTokens(), m.functionCalling(), m.vision(),
                    m.reasoning(), m.created() - i, m.figures()));
        }
        Catalog big = Catalog.of(Map.of("openrouter", new Offer("openrouter", "http://127.0.0.1/api/v1/models", many, 50, m -> Map.of(),
                Set.of(), DROPPED, catalog.credits(), null)), modelsJson, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        big.write(out);
        Files.write(modelsJson, out.toByteArray());
        Files.writeString(Recommendations.beside(modelsJson), Recommendations.render(big, Set.of()));
        Universe built = Listings.universe(big, ProxyConfig.read(config).entries());
        Universe.load(modelsJson, config, home);
        Universe indexed = UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config));
        assertNotNull(indexed);
        assertEquals(many.size() + 22, indexed.models.size(), "every model, and the config's 22 entries, none of whose models it lists");
        assertSame(built, indexed);
    }

    /** The names and types of a record's fields, and of the fields of those that are records. */
    static StringBuilder shape(StringBuilder sb, Class<?> record) {
        sb.append(record.getName()).append('(');
        for (java.lang.reflect.RecordComponent c : record.getRecordComponents()) {
            sb.append(c.getName()).append(' ');
            if (c.getType().isRecord()) shape(sb, c.getType());
            else sb.append(c.getType().getName());
            sb.append(',');
        }
        return sb.append(')');
    }

    /** Models whose rows of the table show every way Table.row formats a cell (and cleans one). */
    static final List<Model> SAMPLES = List.of(
            new Model("openrouter/x-ai-grok-4.3", "x-ai/grok-4.3", "Grok", "openrouter", 96, "standard", List.of("xai", "function-calling", "vision", "large"),
                    1.25, 2.5, 1_050_000, 0, true, true, false, 0),
            new Model("mine \u001b[31m\u202e", "hosted/m", "m", "hosted_vllm", 0, "", List.of("hosted", "reasoning", "long-context"), 0.0125, 0.075, 999, 0,
                    false, false, true, 0),
            new Model("gpt-4o", "openai/gpt-4o", "GPT-4o", "openai", 7, "premium", List.of(), 0, 0, 0, 0, false, false, false, 0));

    @Test
    void theShapeInTheKeyIsTheShapeOfWhatItHolds() {
        StringBuilder sb = new StringBuilder();
        for (Class<?> held : UniverseIndex.held()) shape(sb.append('\n'), held);
        for (Model m : SAMPLES) sb.append('\n').append(Table.row(m, true)).append(Table.row(m, false));
        assertEquals(sb.toString().hashCode(), UniverseIndex.SHAPE, "a record the index holds has other fields now, or Table.row makes other cells: "
                + "set UniverseIndex.SHAPE to the hash of what it holds, which keeps an index written before from being read");
    }

    @Test
    void theSyncWritesTheIndexForTheNextReadCommand() throws Exception {
        // with the field the sync scored the catalog against: the same standings as scoring it again
        Universe.Indexing indexing = Universe.index(catalog, Score.field(catalog.ranked()), () -> Recommendations.render(catalog, Set.of()),
                ConfigFile.read(config), home); // while the sync writes its files
        indexing.done(modelsJson, config); // once they are committed
        Universe indexed = UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config));
        assertNotNull(indexed);
        assertSame(Listings.universe(catalog, ProxyConfig.read(config).entries()), indexed);
    }

    @Test
    void aConfigTheSafeLoaderRefusesLeavesNoIndexAndNoFailure() throws Exception {
        String tagged = CONFIG + "general_settings:\n  master_key: !secret master\n";
        ConfigFile file = ConfigFile.parse(config, tagged.getBytes(StandardCharsets.UTF_8)); // a tag only construction refuses
        assertDoesNotThrow(() -> Universe.index(catalog, null, () -> Recommendations.render(catalog, Set.of()), file, home).done(modelsJson, config));
        assertFalse(Files.exists(index()));
    }

    @Test
    void anEditedConfigOrCatalogMakesTheIndexStale() throws Exception {
        Universe.load(modelsJson, config, home);
        Files.writeString(config, CONFIG); // the operator removes the synced entries
        assertNull(UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config)));
        Universe u = Universe.load(modelsJson, config, home);
        assertEquals(Set.of("gpt-4o", "in-house"), Set.copyOf(Arrays.stream(u.servedAt).mapToObj(i -> u.models.get(i).modelName()).toList()), "read commands see the edit at once");
        Files.writeString(modelsJson, Files.readString(modelsJson).replace("\"popularity\":", "\"popularity\": "));
        assertNull(UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config)));
        Universe.load(modelsJson, config, home);
        Universe.load(modelsJson, config, home);
        Path other = home.resolve("other.yaml"); // of the same size and time, moved over it: another file all the same
        Files.writeString(other, Files.readString(config).replace("gpt-4o", "gpt-4x"));
        Files.setLastModifiedTime(other, Files.getLastModifiedTime(config));
        Files.move(other, config, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertNull(UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config)), "a file moved over it, of the same size and time");
        Universe.load(modelsJson, config, home);
        Files.writeString(Recommendations.beside(modelsJson), "{}");
        assertNull(UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config)), "so do edited recommendations");
        assertNull(Universe.load(modelsJson, config, home).recommendations, "corrupt: none (recommend reads the file and says so)");
    }

    @Test
    void aCorruptOrForeignIndexIsRebuilt() throws Exception {
        Universe want = Universe.load(modelsJson, config, home);
        for (byte[] junk : List.of(new byte[0], "not an index".getBytes(), Files.readString(modelsJson).getBytes())) {
            Files.write(index(), junk);
            assertNull(UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config)));
            assertSame(want, Universe.load(modelsJson, config, home));
            assertNotNull(UniverseIndex.read(index(), UniverseIndex.key(modelsJson, config)), "and written anew");
        }
    }

    /** A record such as a field of Model may become: nullable numbers, strings, lists of records. */
    record Evidence(Double share, String source, int rank, List<Evidence> peers) {}

    @Test
    void everyKindOfFieldValueSurvives() {
        UniverseIndex.Bytes out = new UniverseIndex.Bytes();
        List<Object> values = new ArrayList<>(List.of(0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 0.1, -0.0, Double.NaN, 1e300,
                "", "ascii", "caf\u00e9", "\u6a21\u578b \ud83d\ude80", true, false, List.of("a", "b"), Map.of("k", 1L),
                new ProxyConfig.Entry("mine", "hosted/m", null, Map.of("nested", Map.of("n", 1L), "list", List.of(true, 2.5)), List.of("KEY")),
                new Recommendations.Category("k", "T", "rule", List.of(new Recommendations.Pick("a", "b", "c", "d")))));
        values.add(null);
        for (Object v : values) UniverseIndex.Writer.put(out, v);
        UniverseIndex.Reader r = new UniverseIndex.Reader(out.toByteArray());
        for (Object v : values) assertEquals(v, r.value(Object.class));
        assertThrows(UnsupportedOperationException.class, () -> UniverseIndex.Writer.put(out, new Object()), "a type it cannot store is refused, never mangled");
        assertThrows(UnsupportedOperationException.class, () -> UniverseIndex.Writer.put(new UniverseIndex.Bytes(), new Evidence(0.25, null, 7, List.of())),
                "a record the index does not hold is never written (there is then no index)");
        UniverseIndex.Bytes other = new UniverseIndex.Bytes();
        other.write(UniverseIndex.RECORD);
        UniverseIndex.Writer.string(other, Evidence.class.getName());
        UniverseIndex.Writer.put(other, 0.25);
        assertThrows(IllegalStateException.class, () -> new UniverseIndex.Reader(other.toByteArray()).value(Object.class),
                "nor read: the file is then rebuilt");
        assertTrue(shape(new StringBuilder(), Evidence.class).toString().contains("peers java.util.List,"),
                "the shape names the fields of records within records");
    }
}
