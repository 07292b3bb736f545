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

/** config/sync.yaml: the operator's filter settings. */
class CriteriaTest {
    @Test
    void freeModelsAndVariantsCanBeKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, "free_models: true\nkeep_variants: [thinking, online]\n");
        Criteria c = Criteria.load(file);
        assertNull(Filter.dropReason(listing(entry("meta-llama/llama-3.3-70b-instruct:free", "0", "0")), c, TODAY));
        assertNull(Filter.dropReason(listing(entry("openai/gpt-4o:online", "0.0000025", "0.00001")), c, TODAY));
    }

    @Test
    void operatorCriteriaFilterProvidersIdsAndPrices(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, """
                include_providers: [openai, anthropic]
                exclude_ids: ["openai/gpt-3.5*"]
                max_input_cost_per_1m: 5
                max_output_cost_per_1m: 20
                """);
        Criteria c = Criteria.load(file);
        assertNull(Filter.dropReason(listing(entry("openai/gpt-4o", "0.0000025", "0.00001")), c, TODAY));
        assertEquals("criteria", Filter.dropReason(listing(entry("google/gemini-2.5-pro", "0.00000125", "0.00001")), c, TODAY));
        assertEquals("criteria", Filter.dropReason(listing(entry("openai/gpt-3.5-turbo", "0.0000005", "0.0000015")), c, TODAY));
        assertEquals("criteria", Filter.dropReason(listing(entry("anthropic/claude-opus-4", "0.000015", "0.000075")), c, TODAY));
        assertEquals("criteria", Filter.dropReason(listing(entry("openai/o1", "0.000001", "0.00006")), c, TODAY));
    }

    @Test
    void criteriaFileErrorsAreClear(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, "free_model: true\n");
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> Criteria.load(file));
        assertEquals(Cli.USAGE, f.code);
        assertTrue(f.getMessage().contains("did you mean 'free_models'"), f.getMessage());
        Files.writeString(file, "include_providers: openai\n");
        assertEquals(Cli.USAGE, assertThrows(Cli.Failure.class, () -> Criteria.load(file)).code);
        assertEquals(DEFAULTS, Criteria.load(dir.resolve("absent.yaml")));
    }

    /** Issue 12, item 12: a wrong type or Latin-1 bytes name the setting, never a Java class. */
    @Test
    void clearErrorsNeverAJavaMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        for (String[] bad : List.of(new String[] {"free_models: maybe\n", "free_models must be true or false"},
                new String[] {"max_input_cost_per_1m: cheap\n", "max_input_cost_per_1m must be a number"},
                new String[] {"modes: chat\n", "modes must be a list"}, new String[] {"max_output_cost_per_1m: .nan\n", "must be a number"})) {
            Files.writeString(file, bad[0]);
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> Criteria.load(file));
            assertEquals(Cli.USAGE, f.code);
            assertTrue(f.getMessage().contains(bad[1]) && !f.getMessage().contains("java."), f.getMessage());
        }
        Files.write(file, "keep_variants: [caf\u00e9]\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(Cli.Failure.class, () -> Criteria.load(file)).getMessage().endsWith("it is not UTF-8 text"));
    }

    @Test
    void outputsEditionsAndTheMakerShareAreSettings(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sync.yaml");
        Files.writeString(file, "output_modalities: [text, audio]\nkeep_editions: [fast, preview]\nmax_maker_share: 1/2\n");
        Criteria c = Criteria.load(file);
        assertEquals(List.of("text", "audio"), c.outputs());
        assertEquals(List.of("fast", "preview"), c.keepEditions());
        assertEquals(0.5, c.makerShare());
        Files.writeString(file, "max_maker_share: 0.25\n");
        assertEquals(0.25, Criteria.load(file).makerShare());
        assertEquals(1.0 / 3, DEFAULTS.makerShare());
        for (String bad : List.of("output_modalities: [image]\n", "output_modalities: [text, video]\n", "keep_editions: [nightly]\n",
                "max_maker_share: 0\n", "max_maker_share: 3/2\n", "max_maker_share: a third\n", "max_maker_share: 1/0\n")) {
            Files.writeString(file, bad);
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> Criteria.load(file), bad);
            assertEquals(Cli.USAGE, f.code, bad);
        }
    }

    @Test
    void theShippedCriteriaFileIsTheDefaults() {
        assertEquals(DEFAULTS, Criteria.load(support.Project.SOURCE.resolve("config/sync.yaml")));
    }
}
