package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one YAML loader and dumper: what it writes, it and PyYAML read back; what PyYAML reads, it reads. */
class YamlLoaderTest {
    /** Prices as a catalog may state them, sane and absurd. */
    static final List<String> PRICES = List.of("0.0000025", "0.00001", "0", "0.01", "1e-3500000", "1E-20", "1.23456789012345678901234567e-9",
            "0.000000000000000000000000000001", "2.5e-7", "7e-310", "123e-12");

    @Test
    void noCatalogCanLockTheOperatorOut() {
        for (String price : PRICES) {
            BigDecimal d = new BigDecimal(price);
            String written = YamlLoader.number(d);
            assertTrue(written.length() <= YamlLoader.MAX_PLAIN, price + " is written in a bounded form: " + written);
            assertTrue(written.matches("[0-9]+\\.[0-9]*([eE][-+][0-9]+)?"), price + " is a float to PyYAML's YAML 1.1 resolver: " + written);
            Object read = YamlLoader.load(new StringReader("p: " + written + "\n"));
            assertEquals(d.doubleValue(), ((Number) ((Map<?, ?>) read).get("p")).doubleValue(), price + " reads back as the same value");
        }
        assertEquals("0.0000025", YamlLoader.number(new BigDecimal("0.0000025")), "a short price is written exactly, as before");
        assertEquals("0.0", YamlLoader.number(new BigDecimal("1e-3500000")));
    }

    @Test
    void whatPyYamlLoadsTheSyncLoads(@TempDir Path dir) throws Exception {
        StringBuilder big = new StringBuilder("model_list:\n");
        for (int i = 0; big.length() < 10 << 20; i++)
            big.append("  - model_name: m").append(i).append("  # ").append("x".repeat(200)).append("\n    litellm_params:\n      model: openai/gpt-4o\n");
        StringBuilder merges = new StringBuilder("defaults: &defaults\n  litellm_params:\n    model: openai/gpt-4o\n    api_key: os.environ/OPENAI_API_KEY\nmodel_list:\n");
        for (int i = 0; i < 60; i++) merges.append("  - <<: *defaults\n    model_name: m").append(i).append('\n');
        StringBuilder deep = new StringBuilder("model_list: []\ngeneral_settings:\n");
        for (int i = 1; i <= 60; i++) deep.append("  ".repeat(i)).append("k").append(i).append(":\n");
        deep.append("  ".repeat(61)).append("bottom\n");
        for (String text : List.of(big.toString(), merges.toString(), deep.toString())) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, text);
            assertDoesNotThrow(() -> ConfigFile.read(config), "the sync reads it");
            assertDoesNotThrow(() -> ProxyConfig.read(config), "the read commands read it");
        }
        Files.writeString(dir.resolve("config.yaml"), merges.toString());
        assertEquals(60, ProxyConfig.read(dir.resolve("config.yaml")).entries().size(), "every merged entry is seen");
        assertEquals(64 << 20, YamlLoader.MAX_CODE_POINTS);
        assertEquals(1000, YamlLoader.MAX_ALIASES);
        assertEquals(500, YamlLoader.MAX_DEPTH);
    }
}
