package domain;

import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.JsonObject;
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
        assertTrue(java.util.stream.IntStream.range(0, u.models.size()).allMatch(u::inConfig));
    }

    /**
     * A row shows a name the proxy serves: a catalog model your entries serve under names of their own shows the
     * first, and each other name is a row of its own; explain finds it by either name.
     */
    @Test
    void aModelServedUnderNamesOfYoursShowsThem() {
        List<Model> catalog = ExplainTest.CATALOG.models();
        Model gpt = catalog.stream().filter(m -> m.id().equals("openai/gpt-5.5")).findFirst().orElseThrow(), other = catalog.get(0);
        List<ProxyConfig.Entry> config = List.of(ExplainTest.entry("smart", gpt.route(), null), ExplainTest.entry("smart", gpt.route(), null),
                ExplainTest.entry("clever", gpt.route(), null), ExplainTest.entry(other.modelName(), other.route(), "openrouter"));
        Universe u = Listings.universe(ExplainTest.CATALOG, config);
        List<String> listed = java.util.Arrays.stream(u.servedAt).mapToObj(i -> u.models.get(i).modelName()).toList();
        assertEquals(List.of(other.modelName(), "smart", "clever").stream().sorted().toList(), listed.stream().sorted().toList(),
                "every name the proxy serves, once, and no other: " + listed);
        int row = catalog.indexOf(gpt);
        assertEquals("smart", u.models.get(row).modelName(), "the catalog's row, in its place in the one order");
        assertEquals(gpt.id(), u.models.get(row).id());
        assertEquals(gpt.popularity(), u.models.get(u.models.size() - 1).popularity(), "clever is the same model");
        assertEquals(List.of("smart", "yes"), List.of(u.rows.get(row).get(0), u.rows.get(row).get(7)));
        for (String name : List.of("smart", gpt.modelName(), gpt.id())) {
            JsonObject explained = Explain.of(name, u).json();
            assertEquals("smart", explained.getString("model_name", ""), name);
            assertTrue(explained.getBoolean("in_config", false), name);
            assertEquals("served by an entry of yours (smart), which wins over the sync's", explained.getString("why", ""), name);
        }
        JsonObject clever = Explain.of("clever", u).json(), smart = Explain.of("smart", u).json();
        assertEquals(List.of("clever", gpt.popularity(), "served by an entry of yours (clever), which wins over the sync's", smart.getString("order", "")),
                List.of(clever.getString("model_name", ""), clever.getInt("score", -1), clever.getString("why", ""), clever.getString("order", "?")),
                "the model's own report, by the other name (its place too: no variant of itself)");
        assertEquals(List.of("smart", other.modelName()), List.of(u.servedAs(gpt.modelName(), gpt.route()), u.servedAs(other.modelName(), other.route())),
                "what recommend shows for a pick");
        Model unserved = catalog.stream().filter(m -> m != gpt && m != other).findFirst().orElseThrow();
        assertNull(u.servedAs(unserved.modelName(), unserved.route()));
    }

    /** A synced model's name that an entry of yours gives another catalog model is that model's, to explain too: the proxy serves it so. */
    @Test
    void aNameYourEntryGivesAnotherModelIsThatModels() {
        List<Model> catalog = ExplainTest.CATALOG.models();
        Model named = catalog.get(0), routed = catalog.get(5);
        Universe u = Listings.universe(ExplainTest.CATALOG, List.of(ExplainTest.entry(named.modelName(), routed.route(), null)));
        JsonObject explained = Explain.of(named.modelName(), u).json();
        assertEquals(List.of(routed.id(), true), List.of(explained.getString("id", ""), explained.getBoolean("in_config", false)), explained.toString());
    }

    /** An entry of yours that has a synced model's name but routes elsewhere serves itself, not that model. */
    @Test
    void anEntryServesTheModelItRoutesToNotTheOneItIsNamedLike() {
        Model sonnet = ExplainTest.CATALOG.models().stream().filter(m -> m.id().equals("anthropic/claude-sonnet-4.6")).findFirst().orElseThrow();
        List<ProxyConfig.Entry> config = List.of(ExplainTest.entry(sonnet.modelName(), "openai/gpt-4o", null),
                ExplainTest.entry("openrouter/x-ai-grok-4.3", "openrouter/x-ai/grok-4.3", "openrouter"));
        Universe u = Listings.universe(ExplainTest.CATALOG, config);
        assertEquals(2, u.servedAt.length, "a row for each entry: " + java.util.Arrays.toString(u.servedAt));
        int catalogRow = u.models.indexOf(sonnet);
        assertFalse(u.inConfig(catalogRow), "the catalog's Sonnet is not served");
        assertEquals("no", u.rows.get(catalogRow).get(7));
        int own = u.models.size() - 1;
        assertEquals(sonnet.modelName(), u.models.get(own).modelName());
        assertTrue(u.inConfig(own), "the entry's own row is");
        JsonObject explained = Explain.of(sonnet.id(), u).json();
        assertFalse(explained.getBoolean("in_config", true));
        assertTrue(explained.getString("why", "").startsWith("not served: an entry of yours has its name and routes to openai/gpt-4o"), explained.toString());
        // where it routes is shown, a key in it never
        Cli.hide(() -> List.of("sk-secretvalue1234567890"));
        try {
            Universe keyed = Listings.universe(ExplainTest.CATALOG, List.of(ExplainTest.entry(sonnet.modelName(), "openai/sk-secretvalue1234567890", null)));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Explain.of(sonnet.id(), keyed).print(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
            String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(text.contains("routes to openai/***") && !text.contains("sk-secretvalue"), text);
        } finally {
            Cli.hide(List::of);
        }
    }
}
