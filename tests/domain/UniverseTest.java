package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the read commands show: the catalog plus the config's entries it does not describe. */
class UniverseTest {
    @Test
    void oddFilesAreRefusedNotFollowed(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml"), models = dir.resolve("models.json");
        SafeWrite w = new SafeWrite();
        w.stage(models, new Catalog("2026-11-25T00:00:00Z", Map.of(), List.of())::write, null);
        w.commit();
        Files.writeString(config, """
                model_list:
                  - model_name: mine
                    litellm_params: {model: openai/gpt-4o}
                  - model_name: odd-marker
                    litellm_params: {model: openai/gpt-4.1}
                    model_info: {magi_managed: someone-else}
                  - model_name: numeric-marker
                    litellm_params: {model: openai/o3}
                    model_info: {magi_managed: 1}
                  - model_name: openrouter/gone-from-the-catalog
                    litellm_params: {model: openrouter/x/y}
                    model_info: {magi_managed: openrouter}
                """);
        Universe u = Listings.universe(Catalog.read(models), ProxyConfig.read(config).entries());
        assertEquals(List.of("mine", "odd-marker", "numeric-marker", "openrouter/gone-from-the-catalog"), u.models.stream().map(Model::modelName).toList(),
                "LiteLLM serves every entry, so list shows every entry, whatever its magi_managed says");
        assertTrue(u.models.stream().allMatch(u::inConfig));
    }
}
