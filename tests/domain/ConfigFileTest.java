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

/** The comment-preserving merge of the sync's entries into the operator's config. */
class ConfigFileTest {
    static final String OPERATOR_CONFIG = """
            # operator's header comment
            model_list:
              - model_name: gpt-4o  # direct OpenAI
                litellm_params:
                  model: openai/gpt-4o
                  api_key: os.environ/OPENAI_API_KEY
              - model_name: openrouter/openai-gpt-4o-mini
                litellm_params:
                  model: openrouter/openai/gpt-4o-mini
                  api_key: os.environ/OPENROUTER_API_KEY
                  temperature: 0.2
            # routing
            router_settings:
              routing_strategy: simple-shuffle
            litellm_settings:
              drop_params: true
            """;

    @Test
    void operatorEntriesSectionsAndCommentsSurvive(@TempDir Path dir) throws Exception {
        String text = merged(dir, OPERATOR_CONFIG, List.of("openai/gpt-4o", "openai/gpt-4o-mini"));
        Map<String, Object> y = new Yaml().load(text);
        @SuppressWarnings("unchecked") List<Map<String, Object>> list = (List<Map<String, Object>>) y.get("model_list");
        assertEquals(List.of("gpt-4o", "openrouter/openai-gpt-4o-mini", "openrouter/openai-gpt-4o"),
                list.stream().map(e -> e.get("model_name")).toList(), "operator entries first and untouched; the sync never replaces a hand-written name");
        assertEquals(Map.of("routing_strategy", "simple-shuffle"), y.get("router_settings"));
        assertEquals(Map.of("drop_params", true), y.get("litellm_settings"));
        for (String comment : List.of("# operator's header comment", "# direct OpenAI", "# routing")) assertTrue(text.contains(comment), comment);
        assertEquals(text, merged(dir, text, List.of("openai/gpt-4o", "openai/gpt-4o-mini")), "a second merge changes nothing");
    }

    @Test
    void operatorKeysOnManagedEntriesSurviveAndStaleEntriesGo(@TempDir Path dir) throws Exception {
        String first = merged(dir, "model_list: []\n", List.of("openai/gpt-4o", "anthropic/claude-sonnet-4.5"));
        String edited = first.replace("      api_key: os.environ/OPENROUTER_API_KEY\n    model_info:\n      magi_managed: openrouter\n",
                "      api_key: os.environ/OPENROUTER_API_KEY\n      temperature: 0.7\n      rpm: 10\n    model_info:\n      magi_managed: openrouter\n      team: research\n");
        assertNotEquals(first, edited);
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, edited);
        ConfigFile file = ConfigFile.read(config);
        ConfigFile.Merge m = file.merge("openrouter", List.of(litellmEntry("openai/gpt-4o")));
        Map<String, Object> y = new Yaml().load(file.render());
        @SuppressWarnings("unchecked") List<Map<String, Map<String, Object>>> list = (List<Map<String, Map<String, Object>>>) y.get("model_list");
        assertEquals(1, list.size());
        assertEquals(0.7, list.get(0).get("litellm_params").get("temperature"));
        assertEquals(10, list.get(0).get("litellm_params").get("rpm"));
        assertEquals("research", list.get(0).get("model_info").get("team"));
        assertEquals(List.of("openrouter/anthropic-claude-sonnet-4.5"), m.removed());
        assertEquals(1, m.unchanged());
    }

    @Test
    void brokenConfigsAreRefusedWithoutWriting(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml");
        for (String text : List.of("model_list: [\n", "- just\n- a list\n", "model_list: 5\n", "model_list:\n  - 5\n")) {
            Files.writeString(config, text);
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> ConfigFile.read(config), text);
            assertEquals(Cli.BAD_FILE, f.code);
        }
    }

    @Test
    void pricesAreWrittenSoPyYamlReadsNumbers(@TempDir Path dir) throws Exception {
        String text = merged(dir, "", List.of("openai/gpt-4o"));
        assertTrue(text.contains("input_cost_per_token: 0.0000025\n"), text);
        assertTrue(text.contains("output_cost_per_token: 0.00001\n"), text);
    }

    // ---------------------------------------------------------------- issue 12

    /** Three synced entries with operator comments above, inside and between them, and an operator entry in the block. */
    static final String SYNCED_BLOCK = """
            model_list:
              # ours: the direct fallback
              - model_name: gpt-4o
                litellm_params:
                  model: openai/gpt-4o
              # keep an eye on this one
              - model_name: openrouter/openai-gpt-4o
                litellm_params:
                  model: openrouter/openai/gpt-4o  # the big one
                  api_key: os.environ/OPENROUTER_API_KEY
                model_info:
                  magi_managed: openrouter
                  # tags below are the sync's
                  magi_tags: []
              # an operator entry placed inside the synced block
              - model_name: team-default
                litellm_params:
                  model: openrouter/openai/gpt-4o-mini
              # a note between synced entries
              - model_name: openrouter/anthropic-claude-sonnet-4.5
                litellm_params:
                  model: openrouter/anthropic/claude-sonnet-4.5
                  api_key: os.environ/OPENROUTER_API_KEY
                model_info:
                  magi_managed: openrouter
              - model_name: openrouter/openai-gpt-4o-mini
                litellm_params:
                  model: openrouter/openai/gpt-4o-mini
                  api_key: os.environ/OPENROUTER_API_KEY
                model_info:
                  magi_managed: openrouter
            # the end of the list
            router_settings:
              routing_strategy: simple-shuffle
            """;

    static List<String> comments(String text) {
        return text.lines().filter(l -> l.contains("#")).map(l -> l.substring(l.indexOf('#')).strip()).toList();
    }

    static List<String> names(String text) {
        Map<String, Object> y = new Yaml().load(text);
        @SuppressWarnings("unchecked") List<Map<String, Object>> list = (List<Map<String, Object>>) y.get("model_list");
        return list.stream().map(e -> (String) e.get("model_name")).toList();
    }

    static String merge(Path dir, String before, String... ids) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, before);
        ConfigFile file = ConfigFile.read(config);
        file.merge("openrouter", java.util.Arrays.stream(ids).map(Listings::litellmEntry).toList());
        return file.render();
    }

    @Test
    void aFlowListWithACommentBecomesABlockListThatKeepsIt(@TempDir Path dir) throws Exception {
        for (String before : List.of("model_list: [] # filled by sync\nx: 1\n", "model_list: [{model_name: mine, litellm_params: {model: openai/gpt-4o}}] # c\n")) {
            String after = merge(dir, before, "openai/gpt-4o-mini");
            assertTrue(after.startsWith("model_list: # "), after);
            assertTrue(names(after).contains("openrouter/openai-gpt-4o-mini"), after);
            assertEquals(after, merge(dir, after, "openai/gpt-4o-mini"), "and stays as it is");
        }
    }

    @Test
    void aCommentAfterAnAnchorOrTagIsKeptOnItsOwnLine(@TempDir Path dir) throws Exception {
        String before = """
                x: &d   # shared
                  rpm: 1
                model_list:
                  - &e # mine
                    model_name: a
                    litellm_params: &p  # params
                      model: openai/gpt-4o
                      api_key: !!str os.environ/OPENAI_API_KEY # tagged
                    y: *d
                """;
        String after = merge(dir, before, "openai/gpt-4o-mini");
        for (String comment : List.of("# shared", "# mine", "# params", "# tagged")) assertTrue(after.contains(comment), comment + " kept: " + after);
        assertTrue(after.contains("# shared\nx: &d\n"), after);
        assertEquals(List.of("a", "openrouter/openai-gpt-4o-mini"), names(after));
        Map<String, Object> y = new Yaml().load(after);
        assertEquals(Map.of("rpm", 1), y.get("x"));
        // where moving it would change a value (a block scalar's line), the config is refused as before, untouched
        String scalar = before.replace("model_list:", "router_settings:\n  note: |\n    curl https://x/?a=1&b=2 # keep this text\n    done\nmodel_list:");
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> merge(dir, scalar, "openai/gpt-4o-mini"));
        assertEquals(Cli.BAD_FILE, f.code);
        assertTrue(f.getMessage().contains("a comment after an anchor or tag (&name # note) that the sync cannot keep there: put it on a line of its own"), f.getMessage());
    }

    @Test
    void aSecondModelListIsRefusedSinceLiteLLMWouldReadOnlyIt(@TempDir Path dir) throws Exception {
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> merge(dir, "model_list:\n  - model_name: a\nlitellm_settings: {}\nmodel_list:\n  - model_name: b\n"));
        assertEquals(Cli.BAD_FILE, f.code);
        assertTrue(f.getMessage().contains("has model_list twice"), f.getMessage());
    }

    @Test
    void commentsSurvive(@TempDir Path dir) throws Exception {
        for (String[] ids : List.of(new String[] {"openai/gpt-4o-mini"}, new String[] {}, new String[] {"openai/gpt-4o", "openai/gpt-4o-mini"})) {
            String after = merge(dir, SYNCED_BLOCK, ids);
            assertEquals(comments(SYNCED_BLOCK), comments(after), "every comment, in order, whichever entries are removed: " + List.of(ids) + "\n" + after);
            assertEquals(Map.of("routing_strategy", "simple-shuffle"), ((Map<?, ?>) new Yaml().load(after)).get("router_settings"));
        }
        String last = merge(dir, "model_list:\n  - model_name: mine\n  # about the synced one\n  - model_name: openrouter/openai-gpt-4o\n"
                + "    model_info: {magi_managed: openrouter}  # marked\n", new String[0]);
        assertEquals(List.of("# about the synced one", "# marked"), comments(last), "comments of a removed last entry end the file: " + last);
    }

    @Test
    void operatorEntriesStayWhereTheyAre(@TempDir Path dir) throws Exception {
        String[] same = {"openai/gpt-4o", "anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini"};
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, SYNCED_BLOCK);
        ConfigFile file = ConfigFile.read(config);
        ConfigFile.Merge m = file.merge("openrouter", java.util.Arrays.stream(same).map(Listings::litellmEntry).toList());
        assertTrue(m.changed(), "the entries gain the keys the sync writes");
        String once = file.render();
        assertEquals(2, names(once).indexOf("team-default"), "the operator entry inside the block keeps its place");
        Files.writeString(config, once);
        file = ConfigFile.read(config);
        assertFalse(file.merge("openrouter", java.util.Arrays.stream(same).map(Listings::litellmEntry).toList()).changed(),
                "a sync that changes nothing reports no change, so the file is not written");
        assertEquals(List.of("gpt-4o", "openrouter/openai-gpt-4o-mini", "team-default", "openrouter/openai-gpt-4o", "openrouter/openai-o3"),
                names(merge(dir, once, "openai/gpt-4o-mini", "openai/gpt-4o", "openai/o3")),
                "a new ranking refills the synced places, best first; the operator entry stays third");
        assertEquals(List.of("gpt-4o", "openrouter/openai-gpt-4o", "team-default", "openrouter/anthropic-claude-sonnet-4.5",
                "openrouter/openai-gpt-4o-mini", "openrouter/openai-o3", "openrouter/openai-o4-mini"),
                names(merge(dir, once, "openai/gpt-4o", "anthropic/claude-sonnet-4.5", "openai/gpt-4o-mini", "openai/o3", "openai/o4-mini")),
                "new entries follow the last synced place");
    }

    /** A marker that names no provider the sync manages (a typo, another tool's) makes the entry yours: no second entry of its name or model. */
    @Test
    void anEntryWhoseMarkerNamesNoProviderIsYours(@TempDir Path dir) throws Exception {
        for (String marker : List.of("legacy", "OpenRouter", "true", "1", "''")) {
            String config = "model_list:\n  - model_name: openrouter/openai-gpt-4o\n    litellm_params:\n      model: openrouter/openai/o3\n"
                    + "    model_info:\n      magi_managed: " + marker + "\n  - model_name: mine\n    litellm_params:\n      model: openrouter/openai/gpt-4o-mini\n"
                    + "    model_info:\n      magi_managed: " + marker + "\n";
            String after = Listings.merged(dir, config, List.of("openai/gpt-4o", "openai/o3", "openai/gpt-4o-mini", "openai/o4-mini"));
            assertEquals(List.of("openrouter/openai-gpt-4o", "mine", "openrouter/openai-o4-mini"), names(after), marker);
            assertTrue(after.startsWith(config), marker + ": left as they are\n" + after);
            assertEquals(List.of(true, true), ProxyConfig.of(YamlLoader.load(new java.io.StringReader(after))).entries().subList(0, 2).stream().map(e -> e.managedBy() == null).toList(), marker);
        }
    }

    /** A key written twice counts as PyYAML (and so LiteLLM) counts it: the last. An entry whose last marker is yours is yours. */
    @Test
    void aRepeatedKeyCountsByItsLastValue(@TempDir Path dir) throws Exception {
        String synced = merge(dir, "model_list: []\n", "openai/gpt-4o", "openai/o3");
        int first = synced.indexOf("      magi_managed: openrouter\n"); // the first entry's
        String taken = synced.substring(0, first) + "      magi_managed: openrouter\n      magi_managed: mine\n" + synced.substring(first + 31);
        assertNotEquals(synced, taken);
        String kept = merge(dir, taken, "openai/o4-mini");
        assertTrue(kept.contains("magi_managed: mine"), kept);
        assertEquals(List.of("openrouter/openai-gpt-4o", "openrouter/openai-o4-mini"), names(kept), "the first entry is yours now: kept; the other is the sync's");
        String given = merge(dir, "model_list: []\n", "openai/gpt-4o").replace("      magi_managed: openrouter\n", "      magi_managed: mine\n      magi_managed: openrouter\n");
        assertEquals(List.of("openrouter/openai-o3"), names(merge(dir, given, "openai/o3")), "last openrouter: the sync's, so it goes when no longer synced");
        String renamed = "model_list:\n  - model_name: a\n    model_name: b\n    litellm_params:\n      model: openai/gpt-4o\n";
        assertEquals(List.of("b"), ProxyConfig.of(YamlLoader.load(new java.io.StringReader(renamed))).entries().stream().map(ProxyConfig.Entry::modelName).toList());
        ConfigFile file = ConfigFile.parse(Path.of("x.yaml"), renamed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(file.operatorTaken().contains("b") && !file.operatorTaken().contains("a"), "the sync sees the name LiteLLM serves: " + file.operatorTaken());
    }

    @Test
    void anOperatorsCopyOfASyncedEntryIsKept(@TempDir Path dir) throws Exception {
        String synced = merge(dir, "model_list: []\n", "openai/gpt-4o");
        String entry = synced.substring(synced.indexOf("  - model_name:"));
        String copy = entry.replace("api_key: os.environ/OPENROUTER_API_KEY", "api_key: os.environ/OPENROUTER_API_KEY_2\n      rpm: 100");
        String config = synced + copy;
        String after = merge(dir, config, "openai/gpt-4o");
        assertEquals(config, after, "the copy (second key, rpm, marker kept) is left as it is and the sync's own entry is found");
        String reversed = "model_list:\n" + copy + entry;
        assertEquals(reversed, merge(dir, reversed, "openai/gpt-4o"), "whichever comes first");
        String gone = merge(dir, config, "openai/gpt-4o-mini");
        assertFalse(gone.contains("OPENROUTER_API_KEY_2"), "with its model no longer synced, the copy goes too (named in a warning)");
    }

    @Test
    void clearErrorsNeverAJavaMessage(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.yaml");
        Files.write(config, "model_list:\n  - model_name: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        Cli.Failure latin = assertThrows(Cli.Failure.class, () -> ConfigFile.read(config));
        assertEquals(Cli.BAD_FILE, latin.code);
        assertTrue(latin.getMessage().contains("not UTF-8") && latin.getMessage().contains("line 2") && latin.getMessage().contains("0xE9"), latin.getMessage());
        for (String text : List.of("model_list:\n", "model_list: # none yet\n", "# only a comment\n# and another\n", "--- # c\n",
                "--- # c\nmodel_list: []\n", "---\n# c\n", "", "model_list:\n# none\nrouter_settings: {}\n")) {
            Files.writeString(config, text);
            ConfigFile file = ConfigFile.read(config);
            file.merge("openrouter", List.of(Listings.litellmEntry("openai/gpt-4o")));
            String after = file.render();
            assertEquals(List.of("openrouter/openai-gpt-4o"), names(after), text);
            for (String c : comments(text.replace("--- ", ""))) assertTrue(after.contains(c), c + " kept in " + after);
        }
    }
}
