package domain;

import static domain.Listings.*;
import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;

/** The usage ranking and the benchmarks: what is read from them, how they join the catalog, and every way they fail. */
// Alone: it reads the warnings from System.err, which is the whole JVM's
@org.junit.jupiter.api.parallel.Isolated
class EvidenceTest {
    static final String KEY = "sk-or-evidence-test-5f1e";
    static final JsonValue RANKINGS = Json.parse(Fixtures.usage()), BENCHMARKS = Json.parse(Fixtures.benchmarks());

    static Listing listed(String id) {
        for (JsonValue v : Json.parse(Fixtures.openRouter()).asObject().get("data").asArray())
            if (v.asObject().getString("id", "").equals(id)) return Listing.parse(v);
        throw new AssertionError(id);
    }

    static LocalDate day(Listing l) { return LocalDate.ofInstant(Instant.ofEpochSecond(l.created()), java.time.ZoneOffset.UTC); }

    /** Tokens of the rows naming `slug` (with or without a variant) and of all rows, from `from` on, read straight from the fixture. */
    static double share(String slug, LocalDate from) {
        double own = 0, all = 0;
        for (JsonValue v : RANKINGS.asObject().get("data").asArray()) {
            JsonObject r = v.asObject();
            if (LocalDate.parse(r.getString("date", "")).isBefore(from)) continue;
            double n = Double.parseDouble(r.getString("total_tokens", "0"));
            all += n;
            if (r.getString("model_permaslug", "").replaceFirst(":.*", "").equals(slug)) own += n;
        }
        return own / all;
    }

    @Test
    void usageShareCountsFromTheDayAModelWasListedAndFreeRowsForTheirModel() {
        Usage u = Usage.parse(RANKINGS);
        assertEquals("2026-05-12", u.asOf());
        assertEquals(LocalDate.parse("2026-04-12"), u.start());
        assertEquals(LocalDate.parse("2026-05-11"), u.end());
        Listing flash = listed("deepseek/deepseek-v4-flash"), sonnet = listed("anthropic/claude-sonnet-4.6"), gpt = listed("openai/gpt-5.5");
        assertEquals(share("deepseek/deepseek-v4-flash-20260423", day(flash)), u.share(flash.slug(), flash.created()), 1e-9);
        double withoutFree = 0;
        for (JsonValue v : RANKINGS.asObject().get("data").asArray())
            if (v.asObject().getString("model_permaslug", "").equals("deepseek/deepseek-v4-flash-20260423:free")) withoutFree++;
        assertTrue(withoutFree > 0, "the fixture has :free rows for it, and they count for the model (share() above includes them)");
        assertEquals(share("anthropic/claude-4.6-sonnet-20260217", u.start()), u.share(sonnet.slug(), sonnet.created()), 1e-9, "listed before the window");
        assertTrue(day(gpt).isAfter(u.start()));
        assertEquals(share("openai/gpt-5.5-20260423", day(gpt)), u.share(gpt.slug(), gpt.created()), 1e-9, "listed within the window");
        assertTrue(share("openai/gpt-5.5-20260423", day(gpt)) > share("openai/gpt-5.5-20260423", u.start()));
        assertNull(u.share("openai/gpt-3.5-turbo", 0), "never among the 50 most used");
        assertNull(u.share("other", 0), "the 'other' row is no model");
    }

    @Test
    void theJoinIsByCanonicalSlugNotById() {
        Evidence e = evidence();
        Figures opus = e.figures(listed("anthropic/claude-opus-4.7"));
        assertEquals(77.0, opus.intelligence());
        assertEquals(80.0, opus.coding());
        assertNotNull(opus.usageShare());
        JsonObject impostor = entry("anthropic/claude-4.7-opus-20260416", "0.000005", "0.000025").set("canonical_slug", "anthropic/something-else");
        assertEquals(Figures.NONE, e.figures(listing(impostor)), "an id that happens to equal a permaslug is not joined");
        assertEquals(e.figures(listed("deepseek/deepseek-v4-flash")), e.figures(listed("deepseek/deepseek-v4-flash:free")), "a :free listing is the same model");
    }

    @Test
    void nullIndicesStayUnknownAndRowsForModelsTheCatalogLacksAreIgnored() {
        Figures gpt = evidence().figures(listed("openai/gpt-5.5"));
        assertEquals(78.0, gpt.intelligence());
        assertNull(gpt.agentic());
        List<Model> models = models(Json.parse(Fixtures.openRouter()), evidence());
        assertFalse(models.stream().anyMatch(m -> m.id().contains("claude-3.5-sonnet")), "the catalog does not list it");
        long joined = models.stream().filter(m -> m.figures().indexed()).count();
        assertTrue(joined > 30 && joined < Benchmarks.parse(BENCHMARKS).indices().size(), "joined " + joined);
    }

    @Test
    void aFreeBenchmarkRowCountsOnlyForAModelWithoutItsOwn() {
        JsonObject b = Json.parse(BENCHMARKS.toString()).asObject();
        b.get("data").asArray().add(new JsonObject().add("model_permaslug", "openai/gpt-5.5-20260423:free").add("intelligence_index", 1).add("coding_index", 1))
                .add(new JsonObject().add("model_permaslug", "x/only-free:free").add("intelligence_index", 42).add("coding_index", Json.NULL));
        Benchmarks parsed = Benchmarks.parse(b);
        assertEquals(78.0, parsed.of("openai/gpt-5.5-20260423").intelligence());
        assertEquals(42.0, parsed.of("x/only-free").intelligence());
        assertEquals("Source: Artificial Analysis (artificialanalysis.ai) via OpenRouter (openrouter.ai/rankings), as of 2026-05-12", parsed.credit());
    }

    @Test
    void malformedAnswersAreRefused() {
        List<String> bad = List.of("[]", "{}", "{\"data\": {}}", "{\"data\": []}", "{\"data\": [1, 2, 3]}",
                "{\"data\": [{\"date\": \"2026-05-01\", \"model_permaslug\": \"a/b\", \"total_tokens\": \"-5\"}]}",
                "{\"data\": [{\"date\": \"yesterday\", \"model_permaslug\": \"a/b\", \"total_tokens\": \"5\"}]}");
        for (String body : bad) assertThrows(RuntimeException.class, () -> Usage.parse(Json.parse(body)), body);
        for (String body : List.of("[]", "{\"data\": []}", "{\"data\": [{\"model_permaslug\": \"a/b\", \"intelligence_index\": 5000}]}",
                "{\"data\": [{\"model_permaslug\": \"not a slug\", \"intelligence_index\": 50}]}"))
            assertThrows(RuntimeException.class, () -> Benchmarks.parse(Json.parse(body)), body);
    }

    // Fetching, keeping and failing.

    /** The request timeout: long enough for a loopback answer on a loaded machine, short enough to test. */
    static final int TIMEOUT_S = 3;

    record Run(Evidence evidence, List<String> warnings, long millis) {}

    static Run start(Path home, FakeProvider provider, String key, Instant now) {
        Map<String, String> env = new HashMap<>(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"));
        if (key != null) env.put("OPENROUTER_API_KEY", key);
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true));
        long t0 = System.nanoTime();
        try {
            Evidence e = Evidence.start(new Fetcher(Duration.ofSeconds(TIMEOUT_S)), new Env(home, env), now).join();
            return new Run(e, captured.toString().lines().filter(l -> l.startsWith("warning:")).toList(), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            System.setErr(err);
        }
    }

    static FakeProvider serving(Answer usage, Answer benchmarks) throws Exception {
        return new FakeProvider().on("/api/v1/datasets/rankings-daily", usage).on("/api/v1/benchmarks", benchmarks);
    }

    static FakeProvider recorded() throws Exception { return serving(Answer.json(Fixtures.usage()), Answer.json(Fixtures.benchmarks())); }

    static void keep(Path home, Instant fetched) throws Exception {
        Evidence e = evidence();
        Files.createDirectories(home.resolve(".magi/cache"));
        Files.writeString(home.resolve(".magi/cache/openrouter-usage.json"), new JsonObject().add("fetched_at", fetched.toString()).add("answer", e.usage().toJson()).toString());
        Files.writeString(home.resolve(".magi/cache/openrouter-benchmarks.json"), new JsonObject().add("fetched_at", fetched.toString()).add("answer", e.benchmarks().toJson()).toString());
    }

    @Test
    void bothAreFetchedOnceADayWithTheKeyWhichIsNeverKept(@TempDir Path home) throws Exception {
        Instant now = Instant.parse("2026-05-13T08:00:00Z");
        try (FakeProvider p = recorded()) {
            Run first = start(home, p, KEY, now);
            assertEquals(List.of(), first.warnings());
            assertNotNull(first.evidence().usage());
            assertNotNull(first.evidence().benchmarks());
            assertEquals(2, p.requests.size());
            p.requests.forEach(r -> assertEquals("Bearer " + KEY, r.header("Authorization")));
            assertTrue(p.requests.stream().anyMatch(r -> "source=artificial-analysis".equals(r.query())));
            for (String f : List.of("openrouter-usage.json", "openrouter-benchmarks.json"))
                assertFalse(Files.readString(home.resolve(".magi/cache").resolve(f)).contains(KEY), f);
            Run again = start(home, p, KEY, now.plus(Duration.ofHours(23)));
            assertEquals(2, p.requests.size(), "kept answers less than a day old are not asked for again");
            assertEquals(first.evidence().credits(), again.evidence().credits());
            start(home, p, null, now.plus(Duration.ofHours(23)));
            assertEquals(2, p.requests.size(), "nor is a key needed for them");
            start(home, p, KEY, now.plus(Duration.ofHours(25)));
            assertEquals(4, p.requests.size(), "a day later they are");
        }
    }

    @Test
    void everyFailureIsOneWarningAndTheKeptAnswerServesUpToSevenDays(@TempDir Path dir) throws Exception {
        Instant now = Instant.parse("2026-05-20T08:00:00Z");
        Map<String, Answer> failures = new java.util.LinkedHashMap<>();
        failures.put("401", Answer.status(401, "{\"error\": \"" + KEY + "\"}"));
        failures.put("429", Answer.status(429, "").withHeader("Retry-After", "1"));
        failures.put("500", Answer.status(500, ""));
        failures.put("html", Answer.json("<html>maintenance</html>"));
        failures.put("not json", Answer.json("{\"data\": [")); 
        failures.put("empty", Answer.json("{\"data\": []}"));
        failures.put("wrong shape", Answer.json("{\"data\": \"none\"}"));
        failures.put("timeout", Answer.json(Fixtures.usage()).delay(3 * TIMEOUT_S * 1000));
        for (var f : failures.entrySet())
            for (int age : new int[] {-1, 3, 8}) {
                Path home = Files.createTempDirectory(dir, f.getKey().replace(' ', '-'));
                if (age >= 0) keep(home, now.minus(Duration.ofDays(age)));
                try (FakeProvider p = serving(f.getValue(), f.getValue())) {
                    Run r = start(home, p, KEY, now);
                    String what = f.getKey() + ", kept " + age + " days";
                    assertEquals(1, r.warnings().size(), what + ": " + r.warnings());
                    assertFalse(r.warnings().get(0).contains(KEY), what);
                    assertEquals(age == 3, r.evidence().usage() != null, what);
                    assertEquals(age == 3, r.evidence().benchmarks() != null, what);
                    assertTrue(r.millis() < TIMEOUT_S * 1000 + 1500, what + " took " + r.millis() + " ms: never past the timeout");
                    assertEquals(2, p.requests.size(), what + ": asked once each, no retries");
                }
            }
    }

    @Test
    void withoutAKeyNothingIsAskedAndOneWarningSaysSo(@TempDir Path home) throws Exception {
        try (FakeProvider p = recorded()) {
            Run r = start(home, p, null, Instant.now());
            assertEquals(0, p.requests.size());
            assertEquals(1, r.warnings().size());
            assertTrue(r.warnings().get(0).contains("OPENROUTER_API_KEY is not set"), r.warnings().toString());
            assertEquals(Evidence.NONE, r.evidence());
        }
    }

    @Test
    void oneEndpointFailingCostsTheOtherNothing(@TempDir Path home) throws Exception {
        try (FakeProvider p = serving(Answer.json(Fixtures.usage()), Answer.status(503, ""))) {
            Run r = start(home, p, KEY, Instant.now());
            assertNotNull(r.evidence().usage());
            assertNull(r.evidence().benchmarks());
            assertEquals(1, r.warnings().size());
            assertTrue(r.warnings().get(0).contains("benchmarks"), r.warnings().toString());
        }
    }
}
