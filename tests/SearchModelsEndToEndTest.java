import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.Fixtures;
import support.Project;

/** The read commands, on the catalog a real sync of the fixture wrote. */
class SearchModelsEndToEndTest {
    static Project project;
    static final List<String> FIELDS = List.of("model_name", "id", "provider", "popularity", "cost_tier", "tags",
            "input_cost_per_1m", "output_cost_per_1m", "context_length", "in_config");

    @BeforeAll
    static void sync() throws Exception {
        project = Project.copy();
        try (FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", FakeProvider.Answer.json(Fixtures.openRouter()));
            Project.Result r = project.magi(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"), "models", "sync", "25");
            assertEquals(0, r.code(), r.all());
        }
    }

    @AfterAll
    static void remove() { project.close(); }

    static Project.Result magi(String... args) {
        List<String> all = new ArrayList<>(List.of("models"));
        all.addAll(List.of(args));
        return project.magi(Map.of(), all.toArray(String[]::new));
    }

    /** Runs a read command with --json and checks the shape of every object. */
    static List<JsonObject> json(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Project.Result r = magi(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.all());
        assertEquals(Json.parse(r.out()).toString(WriterConfig.PRETTY_PRINT) + "\n", r.out(), "what minimal-json's PRETTY_PRINT writes, byte for byte");
        List<JsonObject> out = new ArrayList<>();
        for (JsonValue v : Json.parse(r.out()).asArray()) {
            JsonObject o = v.asObject();
            for (String f : FIELDS) assertNotNull(o.get(f), f + " missing in " + o);
            out.add(o);
        }
        return out;
    }

    /** In the one order the sync ranked: the order of data/models.json (then the config's own entries). */
    static void inTheOneOrder(List<JsonObject> models) {
        List<String> order = json("top", "0").stream().map(o -> o.getString("model_name", "")).toList();
        for (int i = 1; i < models.size(); i++)
            assertTrue(order.indexOf(models.get(i - 1).getString("model_name", "")) < order.indexOf(models.get(i).getString("model_name", "")), "in the one order at " + i);
    }

    static boolean tagged(JsonObject o, String tag) {
        return o.get("tags").asArray().values().stream().anyMatch(t -> t.asString().equals(tag));
    }

    static void all(List<JsonObject> models, Predicate<JsonObject> p, String what) {
        for (JsonObject o : models) assertTrue(p.test(o), what + ": " + o.getString("model_name", ""));
    }

    @Test
    void topReturnsTheNBestOfTheWholeCatalog() {
        List<JsonObject> top = json("top", "10");
        assertEquals(10, top.size());
        assertEquals(top, json("top", "0").subList(0, 10), "the first 10 of the one order");
        assertEquals(top, json("top", "10"), "same answer every time");
        int kept = Json.parse(project.read(project.data("models.json"))).asObject().get("models").asArray().size();
        assertEquals(kept + 4, json("top", "0").size(), "0 means all: every kept model and the 4 direct entries of the config");
    }

    @Test
    void listShowsWhatTheProxyServes() {
        List<JsonObject> list = json("list", "5");
        assertEquals(5, list.size());
        all(list, o -> o.getBoolean("in_config", false), "in the config");
        List<JsonObject> every = json("list", "0");
        assertEquals(29, every.size(), "25 synced entries and the 4 shipped direct ones");
        assertEquals(every, json("list"), "the default N is OPENROUTER_MODEL_LIMIT, else 50");
        Set<String> providers = Set.copyOf(every.stream().map(o -> o.getString("provider", "")).toList());
        assertEquals(Set.of("openrouter", "openai", "anthropic"), providers, "direct entries show their own provider");
        // a shipped entry no catalog prices: its prices are unknown, not $0
        List<JsonObject> unpriced = every.stream().filter(o -> o.getString("cost_tier", "").isEmpty()).toList();
        assertFalse(unpriced.isEmpty());
        all(unpriced, o -> o.get("input_cost_per_1m").isNull() && o.get("output_cost_per_1m").isNull(), "null prices");
        String table = magi("list", "0").out();
        for (JsonObject o : unpriced) {
            String row = table.lines().filter(l -> l.startsWith(o.getString("model_name", "") + " ")).findFirst().orElseThrow();
            assertTrue(row.matches(".*  -  +-  +-  .*"), "tier and both prices shown as '-': " + row);
        }
    }

    @Test
    void filterTakesATagACostTierOrAProvider() {
        List<JsonObject> vision = json("filter", "vision", "20");
        assertEquals(20, vision.size());
        all(vision, o -> tagged(o, "vision") && o.getBoolean("supports_vision", false), "vision");
        List<JsonObject> budget = json("filter", "budget", "30");
        assertEquals(30, budget.size());
        all(budget, o -> o.getString("cost_tier", "").equals("budget"), "budget");
        List<JsonObject> openai = json("filter", "openai", "15");
        assertEquals(15, openai.size());
        all(openai, o -> tagged(o, "openai") || o.getString("provider", "").equals("openai"), "openai");
        inTheOneOrder(openai);
    }

    @Test
    void searchFiltersAndTogether() {
        List<JsonObject> both = json("search", "--tag", "vision", "--cost", "budget", "--limit", "0");
        assertEquals(both, json("search", "--tag=vision", "--cost=budget", "--limit=0"), "--flag=value is --flag value");
        assertFalse(both.isEmpty());
        all(both, o -> tagged(o, "vision") && o.getString("cost_tier", "").equals("budget"), "vision and budget");
        long vision = json("search", "--tag", "vision", "--limit", "0").size(), budget = json("search", "--cost", "budget", "--limit", "0").size();
        assertTrue(both.size() < vision && both.size() < budget);
        all(json("search", "--vision", "--limit", "0"), o -> o.getBoolean("supports_vision", false), "--vision");
        List<JsonObject> popular = json("search", "--popular", "80", "--limit", "0");
        assertFalse(popular.isEmpty());
        all(popular, o -> o.getInt("popularity", 0) >= 80, "--popular 80");
        all(json("search", "--coding", "--cost", "standard"), o -> o.getBoolean("supports_function_calling", false) && o.getString("cost_tier", "").equals("standard"), "--coding --cost standard");
        assertEquals(20, json("search", "--tag", "function-calling").size(), "the default search limit is 20");
        all(json("search", "--best-value"), o -> !o.getString("cost_tier", "").equals("premium"), "--best-value is never premium");
        assertEquals(List.of(), json("search", "--popular", "100", "--cost", "budget", "--tag", "reasoning", "--tag", "vision"), "none: []");
    }

    @Test
    void outputThatCannotBeWrittenFailsButAReaderThatStoppedDoesNot() {
        Project.Result full = project.run(Map.of(), List.of("sh", "-c", "./magi models top 0 --json > /dev/full"));
        assertEquals(1, full.code(), full.all());
        assertEquals("search_models: error: cannot write to standard output (No space left on device)\n", full.err());
        // `true` reads nothing and is gone long before java writes: every write meets a closed pipe
        Project.Result piped = project.run(Map.of(), List.of("bash", "-c", "./magi models list 0 | true; echo \"${PIPESTATUS[0]}\""));
        assertEquals("0\n", piped.out(), piped.all());
        assertEquals("", piped.err());
        Project.Result fifo = project.run(Map.of(), List.of("bash", "-c", "f=$(mktemp -u) && mkfifo \"$f\" && (true <\"$f\" &) && ./magi models list 0 >\"$f\"; s=$?; rm -f \"$f\"; echo $s"));
        assertEquals("0\n", fifo.out(), "a named pipe whose reader left too: " + fifo.all());
    }

    @Test
    void anEmptyResultIsSuccessAndAnEmptyArray() {
        Project.Result r = magi("search", "--popular", "100", "--cost", "premium", "--json");
        assertEquals(0, r.code(), r.all());
        assertEquals(new JsonArray(), Json.parse(r.out()));
    }

    @Test
    void recommendNamesModelsToSelectInEverCategory() {
        Project.Result r = magi("recommend", "--json");
        assertEquals(0, r.code(), r.all());
        JsonObject cats = Json.parse(r.out()).asObject().get("categories").asObject();
        assertEquals(List.of("best_value", "most_capable", "fastest", "budget_friendly", "vision", "coding"), cats.names());
        for (String c : cats.names()) {
            JsonArray models = cats.get(c).asObject().get("models").asArray();
            assertFalse(models.isEmpty(), c);
            for (JsonValue v : models) {
                JsonObject m = v.asObject();
                assertTrue(m.getString("model_name", "").startsWith("openrouter/"), m.toString());
                assertNotNull(m.get("in_config"));
                assertFalse(m.getString("reason", "").isEmpty());
            }
        }
        for (JsonValue v : cats.get("fastest").asObject().get("models").asArray())
            assertFalse(v.asObject().getString("id", "").matches(".*gemini-[0-9.]+-pro.*"), "no Gemini Pro among the fastest: " + v);
        Project.Result text = magi("recommend");
        assertEquals(0, text.code());
        for (String title : List.of("\uD83D\uDC8E Best Value", "\uD83D\uDE80 Most Capable", "\u26A1 Fastest", "\uD83D\uDCB0 Budget Friendly",
                "\uD83D\uDC41\uFE0F Vision Tasks", "\uD83D\uDCBB Coding")) // the spec's marks, before each title
            assertTrue(text.out().lines().anyMatch(l -> l.startsWith(title + "  (")), title + " in\n" + text.out());
    }

    @Test
    void tablesAreAlignedAndPlainWhenPiped() {
        Project.Result r = magi("top", "5");
        assertEquals(0, r.code());
        List<String> lines = r.out().lines().toList();
        assertEquals(6, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("NAME"));
        int score = lines.get(0).indexOf("SCORE") + "SCORE".length();
        for (String l : lines.subList(1, 6)) assertTrue(Character.isDigit(l.charAt(score - 1)), "scores right-aligned under SCORE: " + l);
        assertFalse(r.out().contains("\033"), "no colour when stdout is not a terminal");
    }

    /** On a terminal (script(1) gives one) the header is bold, unless NO_COLOR is set to something: empty is unset (no-color.org). */
    @Test
    void aTerminalGetsBoldUnlessNoColorIsSet() {
        for (String noColor : new String[] {null, "", "1"}) {
            Map<String, String> env = new java.util.HashMap<>(Map.of("TERM", "xterm"));
            if (noColor != null) env.put("NO_COLOR", noColor);
            Project.Result r = project.run(env, List.of("script", "-qec", "./magi models top 3", "/dev/null"));
            assertEquals(0, r.code(), r.all());
            assertEquals(!"1".equals(noColor), r.out().contains("\033[1m"), "NO_COLOR=" + noColor + ": " + r.out());
        }
    }

    /** A COLUMNS that is no number is asked of the terminal again, as an unset one is. */
    @Test
    void aColumnsThatIsNoNumberIsAskedOfTheTerminal() {
        Map<String, String> env = new java.util.HashMap<>(Map.of("TERM", "xterm", "NO_COLOR", "1"));
        List<String> top = List.of("script", "-qec", "./magi models top 3", "/dev/null");
        String asked = project.run(env, top).out();
        env.put("COLUMNS", "1000");
        assertNotEquals(asked, project.run(env, top).out(), "the terminal's width cuts the table: " + asked);
        env.put("COLUMNS", "abc");
        assertEquals(asked, project.run(env, top).out());
    }

    @Test
    void badInputIsOneLineAndAnExitCode() {
        assertEquals(Json.parse(magi("list", "--json").out()), Json.parse(magi("list", "--json", "--json").out()), "--json twice is --json");
        Object[][] cases = {
                {new String[] {"recommend", "--jsn"}, 2, "unknown flag '--jsn'; did you mean '--json'?"},
                {new String[] {"search", "--provider", "nope"}, 2, "unknown provider 'nope'; one of "},
                {new String[] {"lst"}, 2, "did you mean 'list'"},
                {new String[] {"top", "abc"}, 2, "whole number"},
                {new String[] {"top", "-1"}, 2, "whole number"},
                {new String[] {"list", "5", "6"}, 2, "unexpected argument"},
                {new String[] {"list", "--config", "x.yaml"}, 2, "unknown flag '--config'"},
                {new String[] {"top", "\u0663"}, 2, "whole number"},
                {new String[] {"search", "--limit=-1"}, 2, "--limit needs a value, got the option -1"},
                {new String[] {"search", "--popular=101"}, 2, "--popular must be a score from 0 to 100, got '101'"},
                {new String[] {"search", "--json=yes"}, 2, "--json takes no value, got '--json=yes'"},
                {new String[] {"search", "--cost", "cheap"}, 2, "budget, standard or premium"},
                {new String[] {"search", "--tag", "visoin"}, 2, "did you mean 'vision'"},
                {new String[] {"search", "--popularr", "5"}, 2, "did you mean '--popular'"},
                {new String[] {"search", "--popular", "101"}, 2, "0 to 100"},
                {new String[] {"filter", "nonsense", "5"}, 2, "unknown filter type"},
                {new String[] {"filter"}, 2, "needs a TYPE"},
        };
        for (Object[] c : cases) {
            Project.Result r = magi((String[]) c[0]);
            assertEquals(c[1], r.code(), String.join(" ", (String[]) c[0]) + ": " + r.all());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains((String) c[2]), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    /** A config path in a folder that does not exist is a mistyped path (exit 4, as for the sync), not an empty config. */
    @Test
    void aConfigInNoFolderIsAMistypedPath() {
        for (String[] args : List.of(new String[] {"models", "list"}, new String[] {"models", "list", "0", "--json"}, new String[] {"models", "top", "3"},
                new String[] {"models", "recommend"}, new String[] {"models", "explain", "openai/gpt-4o"}, new String[] {"models", "verify"})) {
            Project.Result r = project.magi(Map.of("LITELLM_CONFIG", "/nonexistent-magi-folder/x.yaml"), args);
            assertEquals(4, r.code(), String.join(" ", args) + ": " + r.all());
            assertEquals("", r.out(), String.join(" ", args));
            assertTrue(r.err().contains("there is no folder /nonexistent-magi-folder") && r.err().contains("mistyped path"), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertEquals(0, magi("list").code(), "the project's own config still reads");
    }

    @Test
    void aMissingOrCorruptCatalogSaysToSync() throws Exception {
        byte[] good = Files.readAllBytes(project.data("models.json"));
        try {
            Files.delete(project.data("models.json"));
            Project.Result r = magi("top", "5");
            assertEquals(4, r.code());
            assertTrue(r.err().contains("run ./magi models sync"), r.err());
            Files.writeString(project.data("models.json"), "{\"models\": [{\"id\": 1}");
            r = magi("search", "--tag", "vision");
            assertEquals(4, r.code());
            assertTrue(r.err().contains("corrupt"), r.err());
            // a model without its id: valid JSON, the wrong shape
            Files.writeString(project.data("models.json"), new String(good, java.nio.charset.StandardCharsets.UTF_8).replaceFirst("\"id\":\"[^\"]*\",", ""));
            r = magi("top", "5");
            assertEquals(4, r.code(), r.all());
            assertTrue(r.err().contains("is corrupt (a field is missing or of the wrong type); run ./magi models sync"), r.err());
            assertFalse(r.err().contains("Cannot invoke") || r.err().contains("java"), r.err());
        } finally {
            Files.write(project.data("models.json"), good);
        }
    }

    @Test
    void anEditedScriptIsPickedUpWithoutAManualStep() throws Exception {
        java.nio.file.Path script = project.dir.resolve("search_models.java");
        String original = project.read(script);
        try {
            project.write(script, original.replace("usage: search_models", "usage (edited): search_models"));
            Project.Result r = magi("top", "--help");
            assertEquals(0, r.code(), r.all());
            assertTrue(r.out().startsWith("usage (edited): search_models"), r.out());
        } finally {
            project.write(script, original);
        }
        assertTrue(magi("top", "--help").out().startsWith("usage: search_models"));
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] args : List.of(new String[] {"help"}, new String[] {"top", "--help"}, new String[] {"search", "--help"}, new String[] {"sync", "--help"})) {
            Project.Result r = magi(args);
            assertEquals(0, r.code(), String.join(" ", args));
            assertTrue(r.out().startsWith("usage:"), r.out());
        }
    }

    /**
     * The read commands' JVM lives about 40 ms, and the first lambda or stream starts java.lang.invoke, 6 ms of it,
     * and String.format's Formatter costs it more than its work (see search_models): while the index is current they
     * run none, through to their exit (Cli.main releases the HTTP clients). Nor do they touch SnakeYAML's or
     * minimal-json's jar (but for minimal-json where it writes the --json of explain and recommend): a class of a jar,
     * even one loaded only to check a linked method's types, costs a read command the jar's set-up, a millisecond.
     */
    @Test
    void readCommandsRunNoLambda() throws Exception {
        String best = json("top", "1").get(0).getString("model_name", ""); // the index is current from here on
        java.nio.file.Path logs = Files.createDirectories(project.dir.resolve("class-logs"));
        Map<String, String> env = Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load:file=" + logs + "/%p.log");
        List<List<String>> commands = List.of(List.of("top", "10"), List.of("list"), List.of("filter", "vision", "20"),
                List.of("search", "--tag", "vision", "--cost", "budget", "--json"), List.of("recommend"), List.of("explain", best), List.of("explain", best, "--json"),
                List.of("list", "--json"));
        for (List<String> c : commands) {
            List<String> args = new ArrayList<>(List.of("models"));
            args.addAll(c);
            assertEquals(0, project.magi(Map.of(), args.toArray(String[]::new)).code()); // a command's first run archives its classes
            Project.Result r = project.magi(env, args.toArray(String[]::new));
            assertEquals(0, r.code(), r.all());
            try (var files = Files.list(logs)) {
                List<java.nio.file.Path> all = files.toList();
                assertEquals(1, all.size(), c + " ran one JVM");
                String loaded = Files.readString(all.get(0));
                assertTrue(loaded.contains("search_models source:"), c + " was logged");
                for (String linked : List.of("$$Lambda", "LambdaForm$MH/", "java.lang.invoke.InnerClassLambdaMetafactory ", "java.util.stream.ReferencePipeline ",
                        "java.util.Formatter "))
                    assertFalse(loaded.contains(linked), c + " loaded " + linked);
                assertFalse(loaded.contains("org.yaml.snakeyaml."), c + " loaded a class of SnakeYAML");
                assertEquals(c.get(0).equals("explain") && c.contains("--json"), loaded.contains("com.eclipsesource.json."), c + " and minimal-json");
                Files.delete(all.get(0));
            }
        }
    }
}
