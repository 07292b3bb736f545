import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.LoopbackSync;
import support.Project;

/** Issue 12, "nothing lost": what the operator wrote survives, and the config the sync writes can always be read back. */
class LossEndToEndTest extends LoopbackSync {
    static final String DEPLOYMENTS = "/openai/deployments";

    static Project.Result magi(String... args) { return project.magi(env(), args); }

    static Project.Result azure(String... args) {
        provider.on(DEPLOYMENTS, Answer.json(Fixtures.text("azure/deployments.json")));
        return project.magi(env("AZURE_OPENAI_ENDPOINT", provider.base(), "AZURE_OPENAI_API_KEY", "SENTINEL-azure-loss-11"), args);
    }

    static void ok(Project.Result r) { assertEquals(0, r.code(), r.all()); }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries() {
        return (List<Map<String, Object>>) ((Map<String, Object>) domain.YamlLoader.load(new java.io.StringReader(project.read(project.config())))).get("model_list");
    }

    static List<String> names() { return entries().stream().map(e -> (String) e.get("model_name")).toList(); }

    static List<String> comments(String text) { return text.lines().filter(l -> l.contains("# ")).map(l -> l.substring(l.indexOf("# "))).toList(); }

    /** The config as PyYAML (LiteLLM's loader) reads it: its number of entries, or the error. */
    static String pyYaml() throws Exception {
        Path script = Files.createTempFile("load", ".py");
        Files.writeString(script, "import sys, yaml\nc = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))\n"
                + "print(len(c['model_list']), [e['model_info']['input_cost_per_token'] for e in c['model_list'] if e['litellm_params']['model'] == 'openrouter/openai/gpt-4o'])\n");
        Project.Result r = project.run(Map.of(), List.of("python3", script.toString(), project.config().toString()));
        Files.delete(script);
        return r.code() == 0 ? r.out().strip() : "error: " + r.err();
    }

    /** The sync and every read command read the config back. */
    static void everyCommandReadsItBack() {
        for (String[] cmd : List.of(new String[] {"sync", "0"}, new String[] {"list", "0", "--json"}, new String[] {"top", "3"}, new String[] {"recommend"}))
            ok(magi(Stream.concat(Stream.of("models"), Stream.of(cmd)).toArray(String[]::new)));
    }

    @Test
    void noCatalogCanLockTheOperatorOut() throws Exception {
        JsonArray data = Json.parse(catalog).asObject().get("data").asArray();
        JsonObject tiny = data.values().stream().map(JsonValue::asObject).filter(o -> o.getString("id", "").equals("openai/gpt-4o")).findFirst().orElseThrow();
        tiny.get("pricing").asObject().set("prompt", "1e-3500000");
        provider.on(MODELS, Answer.json(Json.object().add("data", data).toString()));
        everyCommandReadsItBack();
        assertTrue(Files.size(project.config()) < 1 << 20, "a bounded config: " + Files.size(project.config()));
        assertEquals(entries().size() + " [0.0]", pyYaml(), "PyYAML reads the price as 0.0, as SnakeYAML does");
        ok(magi("models", "restore"));
        JsonArray many = new JsonArray();
        for (int i = 0; many.size() < 10_000; i++) {
            JsonObject o = Json.parse(data.get(i % data.size()).toString()).asObject();
            many.add(o.set("id", o.getString("id", "x/y") + "-v" + i / data.size()));
        }
        provider.on(MODELS, Answer.json(Json.object().add("data", many).toString()));
        everyCommandReadsItBack();
        assertTrue(Files.size(project.config()) > 3 << 20, "over SnakeYAML's default 3 MiB: " + Files.size(project.config()));
        assertTrue(magi("models", "sync", "0").err().contains("config unchanged"), "the sync reads back what it wrote");
        assertEquals(entries().size(), Json.parse(magi("models", "list", "0", "--json").out()).asArray().size(), "list shows every entry");
        ok(magi("models", "restore"));
        ok(magi("models", "restore"));
        String loaded = pyYaml(); // once: PyYAML takes seconds on this file, and the message shows the same answer
        assertTrue(loaded.startsWith(entries().size() + " "), loaded);
    }

    @Test
    void exitCodesTellTheTruth() {
        project.write(project.config(), project.read(project.dir.resolve("config/litellm/config.default.yaml"))
                .replace("general_settings: {}", "general_settings:\n  master_key: !secret master"));
        Project.Result r = magi("models", "sync", "5");
        assertEquals(0, r.code(), "the config was written, so the sync succeeded: " + r.all());
        assertTrue(r.err().contains("the config was written, but the read commands cannot read it"), r.err());
        assertTrue(project.read(project.config()).contains("magi_managed: openrouter") && project.read(project.config()).contains("master_key: !secret"));
        assertEquals(0, magi("models", "restore").code());
    }

    @Test
    void commentsSurvive() {
        ok(magi("models", "sync", "5"));
        List<String> synced = names().subList(4, 9);
        String text = project.read(project.config());
        for (int i = 0; i < 5; i++) text = text.replace("  - model_name: " + synced.get(i) + "\n", "  # note " + i + " on " + synced.get(i) + "\n  - model_name: " + synced.get(i) + "\n");
        text = text.replace("magi_managed: openrouter\n", "magi_managed: openrouter  # marked\n");
        project.write(project.config(), text);
        List<String> before = comments(text);
        ok(magi("models", "sync", "2"));
        assertEquals(before, comments(project.read(project.config())), "every comment of the removed entries, in order");
        ok(magi("models", "sync", "0"));
        assertEquals(before, comments(project.read(project.config())));
    }

    @Test
    void backupsAreNeverOverwritten() throws Exception {
        ok(magi("models", "sync", "4"));
        List<java.util.concurrent.CompletableFuture<Project.Result>> syncs = new ArrayList<>(); // queued on the lock: one breath
        for (String n : List.of("5", "6", "7")) syncs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> magi("models", "sync", n)));
        for (var f : syncs) ok(f.get());
        List<Path> backups;
        try (Stream<Path> s = Files.list(project.dir.resolve("config/litellm/backups"))) {
            backups = s.sorted().toList();
        }
        assertEquals(4, backups.size(), "four syncs in a row leave four backups: " + backups);
        assertArrayEquals(project.bytes(project.dir.resolve("config/litellm/config.default.yaml")), project.bytes(backups.get(0)), "the first is the original");
        assertEquals(4, backups.stream().map(p -> project.read(p)).distinct().count());
    }

    @Test
    void whatPyYamlLoadsTheSyncLoads() throws Exception {
        String shipped = project.read(project.dir.resolve("config/litellm/config.default.yaml"));
        StringBuilder big = new StringBuilder(shipped);
        for (int i = 0; big.length() < 10 << 20; i++) big.append("# ").append(i).append(' ').append("x".repeat(300)).append('\n');
        StringBuilder merges = new StringBuilder("x-defaults: &defaults\n  litellm_params:\n    model: openai/gpt-4o\n    api_key: os.environ/OPENAI_API_KEY\nmodel_list:\n");
        for (int i = 0; i < 60; i++) merges.append("  - <<: *defaults\n    model_name: deployment-").append(i).append('\n');
        StringBuilder deep = new StringBuilder(shipped.replace("general_settings: {}", "general_settings:\n"));
        for (int i = 1; i <= 60; i++) deep.append("  ".repeat(i)).append("level").append(i).append(":\n");
        deep.append("  ".repeat(61)).append("bottom\n");
        for (String config : List.of(big.toString(), merges.toString(), deep.toString())) {
            project.write(project.config(), config);
            String before = pyYaml();
            assertFalse(before.startsWith("error"), before);
            everyCommandReadsItBack();
            String after = pyYaml();
            assertFalse(after.startsWith("error"), "PyYAML still reads what the sync wrote: " + after);
            assertEquals(Integer.parseInt(before.split(" ")[0]) + keptOpenRouter(), entries().size(), "every entry kept, every kept model added");
        }
    }

    @Test
    void duplicateDeploymentsBecomeOneEntry() {
        String twice = Fixtures.text("azure/deployments.json").replace("\"id\": \"prod-gpt4o-mini\"", "\"id\": \"prod-gpt4o\"");
        provider.on(DEPLOYMENTS, Answer.json(twice));
        Project.Result r = project.magi(env("AZURE_OPENAI_ENDPOINT", provider.base(), "AZURE_OPENAI_API_KEY", "SENTINEL-azure-loss-11"), "models", "sync", "3");
        ok(r);
        assertTrue(r.err().contains("deployment prod-gpt4o: the endpoint lists it twice"), r.err());
        assertEquals(1, names().stream().filter(n -> n.equals("azure/prod-gpt4o")).count(), names().toString());
    }

    @Test
    void operatorEntriesStayWhereTheyAre() {
        ok(magi("models", "sync", "5"));
        String text = project.read(project.config());
        String second = names().get(5), first = names().get(4);
        String entry = text.substring(text.indexOf("  - model_name: " + first + "\n"), text.indexOf("  - model_name: " + second + "\n"));
        String copy = entry.replace("api_key: os.environ/OPENROUTER_API_KEY", "api_key: os.environ/OPENROUTER_API_KEY_2\n      rpm: 60");
        String mine = "  - model_name: team-default # ours, placed among the synced ones\n    litellm_params:\n      model: openai/gpt-4o-mini\n";
        text = text.replace("  - model_name: " + names().get(7) + "\n", mine + copy + "  - model_name: " + names().get(7) + "\n");
        project.write(project.config(), text);
        byte[] before = project.bytes(project.config());
        Project.Result r = magi("models", "sync", "5");
        ok(r);
        assertArrayEquals(before, project.bytes(project.config()), "a sync that changes nothing changes no byte: " + r.err());
        ok(magi("models", "sync", "6"));
        assertEquals(List.of(4 + 3, 4 + 4), List.of(names().indexOf("team-default"), names().lastIndexOf(first)), "both stay where they were: " + names());
        assertTrue(project.read(project.config()).contains("OPENROUTER_API_KEY_2\n      rpm: 60"), "the copy keeps its key and rpm");
    }

    /** How many OpenRouter models data/models.json holds. */
    static long keptOpenRouter() {
        JsonArray models = Json.parse(project.read(project.data("models.json"))).asObject().get("models").asArray();
        return models.values().stream().filter(m -> m.asObject().getString("provider", "").equals("openrouter")).count();
    }

    @Test
    void aSyncOfSomeProvidersKeepsEverythingItDidNotFetch() {
        ok(azure("models", "sync", "5"));
        Map<?, ?> prodBefore = (Map<?, ?>) entries().stream().filter(e -> e.get("model_name").equals("azure/prod-gpt4o")).findFirst().orElseThrow().get("model_info");
        assertNotNull(prodBefore.get("magi_popularity"), "it borrows OpenRouter's gpt-4o's score: " + prodBefore);
        long kept = keptOpenRouter();
        ok(azure("models", "sync", "--providers", "azure"));
        assertEquals(kept, keptOpenRouter(), "every OpenRouter model stays");
        Map<?, ?> prodAfter = (Map<?, ?>) entries().stream().filter(e -> e.get("model_name").equals("azure/prod-gpt4o")).findFirst().orElseThrow().get("model_info");
        for (String borrowed : List.of("magi_popularity", "magi_cost_tier"))
            assertEquals(prodBefore.get(borrowed), prodAfter.get(borrowed), "the Azure entry keeps the " + borrowed + " it borrows from OpenRouter's gpt-4o");
        assertTrue(magi("models", "top", "5").out().contains("openrouter/"), "top still sees OpenRouter");
    }
}
