import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.Yaml;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.LoopbackSync;
import support.Project;

/** `./magi models sync` run as an operator runs it, in a scratch install, against a provider on loopback. */
class SyncEndToEndTest extends LoopbackSync {
    static final String SENTINEL = "sk-or-v1-SENTINEL-0123456789abcdef";

    static Project.Result sync(String... args) { return project.magi(env(), prepend("models", "sync", args)); }

    static String[] prepend(String a, String b, String... rest) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> entries() {
        Map<String, Object> y = new Yaml().load(project.read(project.config()));
        return (List<Map<String, Object>>) y.get("model_list");
    }

    @SuppressWarnings("unchecked")
    static long managed() {
        return entries().stream().filter(e -> e.get("model_info") instanceof Map<?, ?> i && "openrouter".equals(((Map<String, Object>) i).get("magi_managed"))).count();
    }

    static void ok(Project.Result r) { assertEquals(0, r.code(), r.all()); }

    static void assertOneLineError(Project.Result r, String contains) {
        List<String> errors = r.err().lines().filter(l -> l.startsWith("sync_models: error:")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).contains(contains), errors.get(0));
        assertFalse(r.all().contains("Exception") || r.all().contains("\tat "), "no stack trace: " + r.all());
    }

    // ---------------------------------------------------------------- the happy path

    /**
     * Behind an egress proxy (HTTP_PROXY, as curl and LiteLLM read it; here the loopback provider, which answers
     * the absolute address a proxy is asked for): the sync reaches the catalog through it with its login and the
     * key beside it, and never shows the login; a proxy that wants a login says so; NO_PROXY names the hosts reached directly.
     */
    @Test
    void theEnvironmentsProxyCarriesTheFetches() throws Exception {
        String login = "ops:proxy-SENTINEL-pass-77", base = "http://openrouter.invalid/api/v1", proxy = provider.base().substring(7);
        Project.Result r = project.magi(env("OPENROUTER_API_BASE", base, "http_proxy", "http://" + login + "@" + proxy), "models", "sync", "5");
        ok(r);
        assertEquals(5, managed());
        FakeProvider.Request asked = provider.requests.stream().filter(q -> q.path().equals(MODELS)).reduce((a, b) -> b).orElseThrow();
        assertEquals("openrouter.invalid", asked.header("Host"), "the proxy was asked for the catalog's own address");
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(login.getBytes()), asked.header("Proxy-Authorization"));
        assertEquals("Bearer " + Project.SENTINELS.get("OPENROUTER_API_KEY"), asked.header("Authorization"), "the key goes too");
        assertFalse(r.all().contains("SENTINEL-pass") || project.read(project.config()).contains("SENTINEL-pass"), r.all());
        provider.on(MODELS, FakeProvider.Answer.status(407, "log in").withHeader("Proxy-Authenticate", "Basic realm=\"egress\""));
        r = project.magi(env("OPENROUTER_API_BASE", base, "HTTP_PROXY", proxy), "models", "sync", "5");
        assertEquals(1, r.code(), r.all());
        assertTrue(r.err().contains("through the proxy " + proxy + ": the proxy asks for a login"), r.err());
        // an https address goes through a tunnel, whose CONNECT carries the login (java.net.http drops it unless told)
        try (ServerSocket tunnel = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            var head = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try (java.net.Socket c = tunnel.accept()) {
                    String request = new String(c.getInputStream().readNBytes(1), java.nio.charset.StandardCharsets.ISO_8859_1);
                    while (!request.endsWith("\r\n\r\n")) request += (char) c.getInputStream().read();
                    c.getOutputStream().write("HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n".getBytes());
                    return request;
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            r = project.magi(env("OPENROUTER_API_BASE", "https://openrouter.invalid/api/v1", "https_proxy", "http://" + login + "@127.0.0.1:" + tunnel.getLocalPort()),
                    "models", "sync", "5");
            assertEquals(1, r.code(), r.all());
            assertTrue(r.err().contains("the proxy refused the login in its setting"), r.err());
            String connect = head.join();
            assertTrue(connect.startsWith("CONNECT openrouter.invalid:443 ") && connect.contains("Proxy-Authorization: Basic "
                    + java.util.Base64.getEncoder().encodeToString(login.getBytes())), connect);
            assertFalse(r.all().contains("SENTINEL-pass"), r.all());
        }
        provider.requests.clear();
        r = project.magi(env("OPENROUTER_API_BASE", base, "HTTP_PROXY", provider.base(), "NO_PROXY", ".invalid"), "models", "sync", "5");
        assertEquals(1, r.code(), "openrouter.invalid is reached directly, and it does not exist: " + r.all());
        assertEquals(List.of(), provider.requests.stream().filter(q -> q.path().equals(MODELS)).toList());
        r = project.magi(env("HTTPS_PROXY", "socks5://127.0.0.1:1080"), "models", "sync", "5");
        assertEquals(2, r.code(), r.all());
        assertTrue(r.err().contains("HTTPS_PROXY must be http://host:port"), r.err());
    }

    @Test
    void aFreshCloneSyncsTheTop25NextToTheShippedDefaults() {
        Project.Result r = sync("25");
        ok(r);
        assertEquals(25, managed());
        List<Map<String, Object>> defaults = new ArrayList<>();
        Map<String, Object> shipped = new Yaml().load(project.read(project.dir.resolve("config/litellm/config.default.yaml")));
        @SuppressWarnings("unchecked") List<Map<String, Object>> shippedList = (List<Map<String, Object>>) shipped.get("model_list");
        for (Map<String, Object> e : entries()) if (!(e.get("model_info") instanceof Map)) defaults.add(e);
        assertEquals(shippedList, defaults, "the shipped direct OpenAI and Anthropic entries are untouched");
        assertEquals(278, Json.parse(project.read(project.data("models.json"))).asObject().get("models").asArray().size(),
                "data/models.json holds every kept model, not only the 25");
        assertEquals(Set.of("best_value", "most_capable", "fastest", "budget_friendly", "vision", "coding"),
                Set.copyOf(Json.parse(project.read(project.data("model_recommendations.json"))).asObject().get("categories").asObject().names()));
        assertTrue(r.err().contains("added 25"), r.err());
        assertEquals("", r.out(), "progress goes to stderr, so stdout pipes cleanly");
    }

    @Test
    void zeroMeansEveryModelThatPassesTheFilter() {
        ok(sync("0"));
        assertEquals(278, managed());
    }

    @Test
    void theLimitComesFromTheArgumentTheEnvironmentOrDotenvInThatOrder() {
        project.write(project.dir.resolve(".env"), "# settings\nexport OPENROUTER_MODEL_LIMIT=10   # ten models\n");
        ok(sync());
        assertEquals(10, managed());
        ok(project.magi(env("OPENROUTER_MODEL_LIMIT", "7"), "models", "sync"));
        assertEquals(7, managed());
        ok(project.magi(env("OPENROUTER_MODEL_LIMIT", "7"), "models", "sync", "3"));
        assertEquals(3, managed());
        project.write(project.dir.resolve(".env"), "OPENROUTER_MODEL_LIMIT=\n");
        ok(sync());
        assertEquals(50, managed(), "an empty setting means the default, not unlimited");
        ok(sync("--limit", "4"));
        assertEquals(4, managed());
    }

    @Test
    void aSecondSyncOfTheSameCatalogChangesNothing() {
        ok(sync("25"));
        byte[] first = project.bytes(project.config());
        Project.Result again = sync("25");
        ok(again);
        assertArrayEquals(first, project.bytes(project.config()));
        assertTrue(again.err().contains("config unchanged"), again.err());
    }

    @Test
    void theBackupIsAByteCopyAndNothingIsWorldReadable() throws Exception {
        ok(sync("5"));
        byte[] afterFirst = project.bytes(project.config());
        assertArrayEquals(project.bytes(project.dir.resolve("config/litellm/config.default.yaml")), project.bytes(project.backup()));
        ok(sync("6"));
        assertArrayEquals(afterFirst, project.bytes(project.backup()), "the backup is the previous file, byte for byte");
        for (Path p : List.of(project.config(), project.backup(), project.data("models.json"), project.data("model_recommendations.json"))) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            assertFalse(perms.contains(PosixFilePermission.OTHERS_READ), p + " " + perms);
        }
        try (Stream<Path> s = Files.list(project.dir.resolve("config/litellm/backups"))) {
            assertFalse(s.toList().isEmpty(), "timestamped backups are kept too");
        }
    }

    @Test
    void aDryRunWritesNothing() {
        Project.Result r = sync("10", "--dry-run");
        ok(r);
        assertFalse(Files.exists(project.config()));
        assertFalse(Files.exists(project.data("models.json")));
        assertTrue(r.out().contains("added 10"), r.out());
        assertEquals(10, r.out().lines().filter(l -> l.startsWith("  + openrouter/")).count(), r.out());
    }

    // ---------------------------------------------------------------- what the operator wrote

    static final String OPERATOR_CONFIG = """
            # Production proxy: edited by hand
            model_list:
              - model_name: gpt-4o  # direct OpenAI, our fallback
                litellm_params:
                  model: openai/gpt-4o
                  api_key: os.environ/OPENAI_API_KEY
                  rpm: 600
              - model_name: openrouter/openai-gpt-5.5
                litellm_params:
                  model: openrouter/openai/gpt-5.5
                  api_key: os.environ/OPENROUTER_API_KEY
                  temperature: 0.1
            # Routing between deployments
            router_settings:
              routing_strategy: usage-based-routing
              fallbacks:
                - gpt-4o: [openrouter/openai-gpt-5.5]
            litellm_settings:
              drop_params: true
              request_timeout: 600
            general_settings:
              master_key: os.environ/LITELLM_MASTER_KEY
            """;

    @Test
    void operatorEntriesSettingsAndCommentsSurviveEverySync() {
        project.write(project.config(), OPERATOR_CONFIG);
        Map<String, Object> before = new Yaml().load(OPERATOR_CONFIG);
        ok(sync("25"));
        String text = project.read(project.config());
        Map<String, Object> after = new Yaml().load(text);
        for (String section : List.of("router_settings", "litellm_settings", "general_settings"))
            assertEquals(before.get(section), after.get(section), section);
        assertEquals(List.of("model_list", "router_settings", "litellm_settings", "general_settings"), List.copyOf(after.keySet()));
        @SuppressWarnings("unchecked") List<Map<String, Object>> old = (List<Map<String, Object>>) before.get("model_list");
        assertEquals(old, entries().subList(0, 2), "hand-written entries stay first and unchanged, even one named openrouter/...");
        assertEquals(1, entries().stream().filter(e -> e.get("model_name").equals("openrouter/openai-gpt-5.5")).count());
        assertEquals(25, managed(), "the model whose name the operator took is replaced by the next one");
        for (String comment : List.of("# Production proxy: edited by hand", "# direct OpenAI, our fallback", "# Routing between deployments"))
            assertTrue(text.contains(comment), comment);
        assertArrayEquals(OPERATOR_CONFIG.getBytes(), project.bytes(project.backup()));
    }

    @Test
    void keysTheOperatorAddsToASyncedEntrySurvive() {
        ok(sync("3"));
        String text = project.read(project.config());
        String name = "openrouter/" + Json.parse(project.read(project.data("models.json"))).asObject().get("models").asArray().get(0).asObject().getString("id", "").replace('/', '-');
        String marker = "  - model_name: " + name + "\n    litellm_params:\n";
        assertTrue(text.contains(marker), text);
        project.write(project.config(), text.replace(marker, marker + "      temperature: 0.7\n      max_tokens: 1024\n      rpm: 30\n"));
        ok(sync("3"));
        @SuppressWarnings("unchecked") Map<String, Object> params = (Map<String, Object>) entries().stream()
                .filter(e -> e.get("model_name").equals(name)).findFirst().orElseThrow().get("litellm_params");
        assertEquals(0.7, params.get("temperature"));
        assertEquals(1024, params.get("max_tokens"));
        assertEquals(30, params.get("rpm"));
    }

    // ---------------------------------------------------------------- fallback: the config stays as it was

    static Stream<Object[]> badProviders() {
        String truncated = catalog == null ? Fixtures.openRouter() : catalog;
        return Stream.of(
                new Object[] {"HTTP 500 on every attempt", new Answer[] {Answer.status(500, "oops")}, "HTTP 500"},
                new Object[] {"HTTP 502 on every attempt", new Answer[] {Answer.status(502, "bad gateway")}, "HTTP 502"},
                new Object[] {"HTTP 503 on every attempt", new Answer[] {Answer.status(503, "unavailable")}, "HTTP 503"},
                new Object[] {"HTTP 429 with Retry-After, never relenting", new Answer[] {Answer.status(429, "slow down").withHeader("Retry-After", "1")}, "HTTP 429 after 3 attempts"},
                new Object[] {"HTTP 429 asking for an hour", new Answer[] {Answer.status(429, "slow down").withHeader("Retry-After", "3600")}, "retry after 3600 s"},
                new Object[] {"HTTP 403", new Answer[] {Answer.status(403, "{\"error\": \"forbidden for " + SENTINEL + "\"}")}, "check OPENROUTER_API_KEY"},
                new Object[] {"HTTP 404", new Answer[] {Answer.status(404, "no")}, "HTTP 404"},
                new Object[] {"an HTML page with status 200", new Answer[] {Answer.json("<!DOCTYPE html><html><body>Maintenance</body></html>")}, "HTML"},
                new Object[] {"a body cut in the middle", new Answer[] {Answer.json(truncated).cutAfter(truncated.length() / 2)}, "config unchanged"},
                new Object[] {"no data key", new Answer[] {Answer.json("{\"models\": []}")}, "no 'data' list"},
                new Object[] {"data not a list", new Answer[] {Answer.json("{\"data\": {\"id\": \"x/y\"}}")}, "not a list"},
                new Object[] {"an empty list", new Answer[] {Answer.json("{\"data\": []}")}, "empty"},
                new Object[] {"not JSON", new Answer[] {Answer.json("data: yes")}, "not valid JSON"},
                new Object[] {"HTTP 401", new Answer[] {Answer.status(401, "{\"error\": \"bad key " + SENTINEL + "\"}")}, "check OPENROUTER_API_KEY"});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badProviders")
    void aBadAnswerLeavesEveryFileByteIdentical(String what, Answer[] answers, String message) {
        ok(sync("5"));
        Map<Path, byte[]> before = snapshot();
        provider.on(MODELS, answers);
        Project.Result r = project.magi(env("OPENROUTER_API_KEY", SENTINEL), "models", "sync", "7");
        assertEquals(1, r.code(), r.all());
        assertOneLineError(r, message);
        assertFalse(r.all().contains(SENTINEL), "the key never shows, even when the provider echoes it");
        assertUnchanged(before);
    }

    @Test
    void anUnreachableProviderOnAFreshCloneLeavesTheShippedDefaultServing() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        Project.Result r = project.magi(env("OPENROUTER_API_BASE", "http://127.0.0.1:" + port + "/api/v1"), "models", "sync");
        assertEquals(1, r.code(), r.all());
        assertOneLineError(r, "cannot reach");
        assertArrayEquals(project.bytes(project.dir.resolve("config/litellm/config.default.yaml")), project.bytes(project.config()));
        assertFalse(Files.exists(project.data("models.json")));
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpOnWithinTheTimeout() {
        ok(sync("5"));
        Map<Path, byte[]> before = snapshot();
        provider.on(MODELS, Answer.json(catalog).delay(20_000));
        long t0 = System.nanoTime();
        Project.Result r = sync("5");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1, r.code(), r.all());
        assertOneLineError(r, "did not answer");
        assertTrue(seconds < 15, "gave up after " + seconds + " s with MAGI_HTTP_TIMEOUT=3");
        assertUnchanged(before);
    }

    @Test
    void transientErrorsAreRetriedHonouringRetryAfter() {
        provider.on(MODELS, Answer.status(503, "busy"), Answer.status(429, "slow down").withHeader("Retry-After", "1"), Answer.json(catalog));
        Project.Result r = sync("5");
        ok(r);
        assertEquals(3, provider.count(MODELS));
        assertTrue(r.err().contains("retrying in 1 s"), r.err());
        assertEquals(5, managed());
    }

    @Test
    void aSymlinkedConfigIsRefusedAndLeftAlone() throws Exception {
        Path real = project.dir.resolve("elsewhere.yaml");
        project.write(real, OPERATOR_CONFIG);
        Files.createSymbolicLink(project.config(), real);
        try {
            Project.Result r = sync("5");
            assertEquals(4, r.code(), r.all());
            assertOneLineError(r, "symbolic link");
            assertTrue(Files.isSymbolicLink(project.config()));
            assertEquals(OPERATOR_CONFIG, project.read(real));
        } finally {
            Files.delete(project.config());
        }
    }

    @Test
    void anUnparsableConfigIsReportedAndLeftAlone() {
        String broken = "model_list:\n  - model_name: [unclosed\n";
        project.write(project.config(), broken);
        Project.Result r = sync("5");
        assertEquals(4, r.code(), r.all());
        assertOneLineError(r, "not valid YAML");
        assertEquals(broken, project.read(project.config()));
    }

    // ---------------------------------------------------------------- secrets, usage, cron

    @Test
    void theKeyIsSentButNeverWrittenOrPrinted() throws Exception {
        Project.Result r = project.magi(env("OPENROUTER_API_KEY", SENTINEL), "models", "sync", "10");
        ok(r);
        assertEquals("Bearer " + SENTINEL, provider.requests.peek().header("Authorization"));
        assertFalse(r.all().contains(SENTINEL));
        try (Stream<Path> files = Files.walk(project.dir)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("/.magi/")).toList())
                assertFalse(new String(Files.readAllBytes(p)).contains(SENTINEL), p.toString());
        }
        assertTrue(project.read(project.config()).contains("api_key: os.environ/OPENROUTER_API_KEY"));
    }

    @Test
    void badUsageIsOneLineWithAHint() {
        Project.Result r = sync("--limt", "5");
        assertEquals(2, r.code());
        assertOneLineError(r, "did you mean '--limit'");
        r = sync("-3");
        assertEquals(2, r.code(), r.all());
        r = sync("--config", "--dry-run");
        assertEquals(2, r.code(), r.all());
        assertOneLineError(r, "--config needs a value, got the option --dry-run");
        assertFalse(Files.exists(project.dir.resolve("--dry-run")), "no file is named after the option");
        assertEquals(0, provider.count(MODELS), "nothing was fetched");
        r = project.magi(env("OPENROUTER_MODEL_LIMIT", "many"), "models", "sync");
        assertEquals(2, r.code());
        assertOneLineError(r, "OPENROUTER_MODEL_LIMIT");
        r = sync("--help");
        ok(r);
        assertTrue(r.out().startsWith("usage: sync_models"), r.out());
    }

    @Test
    void cronsMinimalEnvironmentIsEnough() {
        Map<String, String> cron = new HashMap<>(env());
        cron.put("PATH", "/usr/bin:/bin");
        Project.Result r = project.run(cron, List.of("/usr/bin/env", "-i", "HOME=" + System.getProperty("user.home"), "PATH=/usr/bin:/bin",
                "OPENROUTER_API_BASE=" + cron.get("OPENROUTER_API_BASE"), "OPENROUTER_API_KEY=" + SENTINEL, "./magi", "models", "sync", "5", "--quiet"));
        ok(r);
        assertEquals("", r.err(), "--quiet prints nothing when all is well");
        assertEquals(5, managed());
    }
}
