import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.LoopbackSync;
import support.Project;

/** Issue 12, "nothing leaks": a key goes only where it was set to go, and nothing hostile reaches a file or the terminal. */
class LeaksEndToEndTest extends LoopbackSync {
    static final String DEPLOYMENTS = "/openai/deployments";
    /** Keys with characters that URL encoding changes, so an echo of the encoded form is caught too. */
    static final String AZURE_KEY = "SENTINEL-azure-leaks-4f7a", ANTHROPIC_KEY = "sk-ant-SENTINEL+leaks/9c=", OPENROUTER_KEY = "sk-or-SENTINEL-leaks-2b8e";

    @BeforeEach
    void moreProviders() {
        provider.on(DEPLOYMENTS, Answer.json(Fixtures.text("azure/deployments.json")));
        provider.on("/anthropic/v1/models", Answer.json(Fixtures.text("anthropic/models-page2.json")));
    }

    static Map<String, String> keys(String... pairs) {
        Map<String, String> env = env("AZURE_OPENAI_ENDPOINT", provider.base(), "AZURE_OPENAI_API_KEY", AZURE_KEY, "ANTHROPIC_API_BASE", provider.base() + "/anthropic",
                "ANTHROPIC_API_KEY", ANTHROPIC_KEY, "OPENROUTER_API_KEY", OPENROUTER_KEY);
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    /** No key, nor its URL encoding, in `text`. */
    static void assertNoKey(String where, String text) {
        for (String key : List.of(AZURE_KEY, ANTHROPIC_KEY, OPENROUTER_KEY))
            for (String form : List.of(key, URLEncoder.encode(key, StandardCharsets.UTF_8)))
                assertFalse(text.contains(form), "a key in " + where);
    }

    /** The files the tool wrote: what the project tracks (the shipped default, data/.gitkeep) is not among them. */
    static List<Path> writtenFiles() throws Exception {
        List<Path> out = new ArrayList<>();
        for (String d : List.of("config/litellm", "data", ".magi/cache"))
            try (Stream<Path> s = Files.walk(project.dir.resolve(d))) {
                s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !p.endsWith("config.default.yaml") && !p.endsWith(".gitkeep")).forEach(out::add);
            }
        return out;
    }

    @Test
    void aKeyNeverLeavesItsOrigin() throws Exception {
        try (FakeProvider elsewhere = new FakeProvider()) {
            elsewhere.on("/", Answer.json(catalog));
            String there = elsewhere.base();
            provider.on(MODELS, Answer.status(302, "").withHeader("Location", there + "/api/v1/models"));
            provider.on(DEPLOYMENTS, Answer.status(307, "").withHeader("Location", there + DEPLOYMENTS + "?api-version=2022-12-01"));
            provider.on("/anthropic/v1/models", Answer.status(301, "").withHeader("Location", there.replace("127.0.0.1", "localhost") + "/v1/models"));
            for (String p : List.of("openrouter", "azure", "anthropic")) {
                Project.Result r = project.magi(keys(), "models", "sync", "--providers", p);
                assertEquals(1, r.code(), r.all());
                String to = p.equals("anthropic") ? there.replace("127.0.0.1", "localhost") : there;
                assertTrue(r.err().contains("a redirect to " + to + " (another origin); redirects are not followed"), r.err());
                assertNoKey("the output", r.all());
            }
            assertEquals(List.of(), List.copyOf(elsewhere.requests), "the other host and port never got a request, let alone a key");
            provider.on(MODELS, Answer.status(302, "").withHeader("Location", "/api/v2/models"));
            Project.Result same = project.magi(keys(), "models", "sync");
            assertTrue(same.err().contains("a redirect to " + provider.base() + " (the same origin)"), same.err());
            assertEquals(0, provider.count("/api/v2/models"), "not even a same-origin redirect is followed");
        }
    }

    @Test
    void aKeyEchoedInASuccessfulAnswerIsNeverWrittenOrPrinted() throws Exception {
        JsonArray data = Json.parse(catalog).asObject().get("data").asArray();
        int at = 0; // a release the filter keeps (an edition such as the catalog's first, a -fast one, gives way before any echo is seen)
        while (!data.get(at).asObject().getString("id", "").equals("openai/gpt-5.5")) at++;
        JsonObject echo = Json.parse(data.get(at).toString()).asObject();
        data.add(Json.parse(echo.toString()).asObject().set("id", "openai/gpt-echo-" + OPENROUTER_KEY));
        data.set(at, echo.set("name", "Model of " + OPENROUTER_KEY));
        provider.on(MODELS, Answer.json(Json.object().add("data", data).toString()));
        provider.on(DEPLOYMENTS, Answer.json(Fixtures.text("azure/deployments.json").replace("\"prod-o1\"", "\"" + AZURE_KEY + "\"")));
        provider.on("/anthropic/v1/models", Answer.json(Fixtures.text("anthropic/models-page1.json")
                .replace("\"last_id\": \"claude-sonnet-4-20250514\"", "\"last_id\": \"" + URLEncoder.encode(ANTHROPIC_KEY, StandardCharsets.UTF_8) + "\"")));
        List<Project.Result> results = new ArrayList<>();
        results.add(project.magi(keys(), "models", "sync", "0", "--providers", "openrouter,azure,anthropic"));
        assertEquals(3, results.get(0).code(), "Anthropic's answer is refused, the others sync: " + results.get(0).all());
        assertTrue(results.get(0).err().contains("openrouter: left out 2 model(s) whose name or id holds a key"), results.get(0).err());
        assertTrue(results.get(0).err().contains("azure: left out 1 model(s) whose name or id holds a key"), results.get(0).err());
        assertTrue(results.get(0).err().contains("page cursor (last_id) that holds a key; refused"), results.get(0).err());
        for (String[] read : List.of(new String[] {"list", "0"}, new String[] {"top", "0", "--json"}, new String[] {"recommend"}, new String[] {"filter", "azure"}))
            results.add(project.magi(keys(), Stream.concat(Stream.of("models"), Stream.of(read)).toArray(String[]::new)));
        for (Project.Result r : results) assertNoKey("the output", r.all());
        List<Path> files = writtenFiles();
        assertTrue(files.size() >= 5, files.toString());
        for (Path p : files) {
            assertNoKey(p.toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            assertTrue(perms.stream().allMatch(x -> x.name().startsWith("OWNER")), "owner-only: " + p + " " + perms);
        }
    }

    @Test
    void nothingHostileReachesTheTerminal() throws Exception {
        String base = provider.base().replace("http://", "http://proxyuser:hunter2-gateway@") + "/api/v1";
        provider.on(DEPLOYMENTS, Answer.json(Fixtures.text("azure/deployments.json").replace("\"failed\"", "\"\\u001b[2J\\u001b]0;owned\\u0007failed\\r\\nforged\"")));
        JsonArray data = Json.parse(catalog).asObject().get("data").asArray();
        data.set(0, Json.parse(data.get(0).toString()).asObject().set("name", "\u001b[31mred\u001b[0m \u202eevil"));
        provider.on(MODELS, Answer.json(Json.object().add("data", data).toString()));
        project.write(project.config(), project.read(project.dir.resolve("config/litellm/config.default.yaml"))
                .replace("model_name: gpt-4o-mini", "model_name: \"gpt-4o-mini\\e[5m\""));
        List<Project.Result> results = new ArrayList<>();
        results.add(project.magi(keys("OPENROUTER_API_BASE", base), "models", "sync", "5"));
        assertEquals(0, results.get(0).code(), results.get(0).all());
        assertTrue(results.get(0).err().contains("fetching http://***@127.0.0.1:"), "the fetching line: " + results.get(0).err());
        results.add(project.magi(keys("OPENROUTER_API_BASE", base), "models", "sync", "5", "--dry-run"));
        for (String[] read : List.of(new String[] {"list", "0"}, new String[] {"top", "0"}, new String[] {"top", "0", "--json"}, new String[] {"recommend"},
                new String[] {"search", "--tag", "openai"}))
            results.add(project.magi(keys(), Stream.concat(Stream.of("models"), Stream.of(read)).toArray(String[]::new)));
        Path recommendations = project.data("model_recommendations.json"); // edited by hand: its rules reach the terminal too
        project.write(recommendations, project.read(recommendations).replace("\"rule\": \"", "\"rule\": \"\\u001b[2J\\u202e"));
        results.add(project.magi(keys(), "models", "recommend"));
        assertTrue(results.get(results.size() - 1).out().contains("?[2J?"), results.get(results.size() - 1).all());
        for (Project.Result r : results) {
            assertFalse(r.all().contains("hunter2"), "a basic-auth password is never printed: " + r.all());
            assertTrue(r.all().chars().noneMatch(c -> c == 0x1b || c == 0x07 || c == '\r' || c == 0x202e), "no control character: " + r.all());
            assertFalse(r.err().lines().anyMatch(l -> l.startsWith("forged")), "no provider text forges a line");
        }
        for (Path p : writtenFiles()) assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("hunter2"), p + " holds the password");
    }
}
