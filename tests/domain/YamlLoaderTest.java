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

    /**
     * The sync indexes the config from the tree it rendered (YamlLoader.construct), the read commands from the file
     * (load): the same values, from the shipped config and from configs with what YAML lets an operator write.
     */
    @Test
    void aTreeIsReadAsItsText(@TempDir Path dir) throws Exception {
        String shipped = Files.readString(support.Project.SOURCE.resolve("config/litellm/config.default.yaml"));
        List<String> configs = List.of(shipped,
                "--- # the proxy's models\nx-base: &base\n  api_key: os.environ/OPENAI_API_KEY\n  timeout: 30\nmodel_list:\n"
                        + "  - model_name: a\n    litellm_params:\n      <<: *base\n      model: openai/gpt-4o\n"
                        + "  - model_name: b\n    litellm_params: {<<: *base, model: openai/o3, timeout: 60}\n    model_info: {id: !!str 12, max_tokens: 128_000}\n",
                "model_list:\n  - model_name: \"0.5\"\n    litellm_params: {model: 'azure/x', rpm: 1e3, tpm: 0x10, on: yes, off: ~}\n"
                        + "    model_info:\n      input_cost_per_token: .0000025\n      note: |\n        two\n        lines\n      when: 2026-05-01\n"
                        + "      model_info: 1\n      model_info: 2\n",
                "model_list: []\ngeneral_settings: {master_key: os.environ/LITELLM_MASTER_KEY}\n",
                "x-entry: &entry\n  model_name: shared\n  litellm_params: {model: openai/gpt-4o}\nmodel_list:\n  - <<: *entry\n  - <<: *entry\n    model_name: own\n"
                        + "  - model_name: twice\n    model_name: openrouter/openai-gpt-4o\n    litellm_params: {model: openrouter/openai/gpt-4o}\n");
        for (String text : configs) {
            Path config = dir.resolve("config.yaml");
            Files.writeString(config, text);
            assertEquals(YamlLoader.load(new StringReader(text)), YamlLoader.construct(ConfigFile.read(config).root()), text);
            ConfigFile merged = ConfigFile.read(config); // with the sync's entries: nodes it made, prices, limits
            merged.merge("openrouter", List.of(Listings.litellmEntry("openai/gpt-4o"), Listings.litellmEntry("anthropic/claude-sonnet-4.5")));
            String written = merged.render();
            assertEquals(YamlLoader.load(new StringReader(written)), YamlLoader.construct(merged.root()), written);
        }
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
