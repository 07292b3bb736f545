package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Masking keys and keeping hostile text off the terminal. */
@org.junit.jupiter.api.parallel.ResourceLock("domain.Cli") // the masked keys are the whole JVM's
class CliTest {
    static final String KEY = "sk-or-v1/abc+def=SENTINEL";

    @AfterEach
    void forget() { Cli.hide(List::of); }

    @Test
    void theClosestWordIgnoresCase() {
        assertEquals("unknown tag 'VISION'; did you mean 'vision'?", Cli.unknown("tag", "VISION", List.of("coding", "vision")));
    }

    /** Numbers are ASCII digits in range; anything else is one line naming what the value must be. */
    @Test
    void aNumberIsAsciiDigitsInRange() {
        assertEquals(List.of(0, 7, 2147483647), List.of(Cli.count("N", "0"), Cli.count("N", " 7 "), Cli.count("N", "2147483647")));
        for (String bad : List.of("\u0663", "\uff17", "-1", "+1", "1e3", "0x10", "2147483648", "99999999999", "", "seven"))
            assertEquals("N must be a whole number >= 0 (0 means all), got '" + bad + "'",
                    assertThrows(Cli.Failure.class, () -> Cli.count("N", bad), bad).getMessage());
        assertEquals(1, Cli.number("MAGI_HTTP_TIMEOUT", "1", 1, Integer.MAX_VALUE, "a whole number of seconds, at least 1"));
        assertEquals("MAGI_HTTP_TIMEOUT must be a whole number of seconds, at least 1, got '0'",
                assertThrows(Cli.Failure.class, () -> Cli.number("MAGI_HTTP_TIMEOUT", "0", 1, Integer.MAX_VALUE, "a whole number of seconds, at least 1")).getMessage());
        assertEquals("--popular must be a score from 0 to 100, got '101'",
                assertThrows(Cli.Failure.class, () -> Cli.number("--popular", "101", 0, 100, "a score from 0 to 100")).getMessage());
    }

    @Test
    void anOptionIsNeverTakenForTheValueOfAnother() {
        assertEquals("x.yaml", Cli.value(List.of("--config", "x.yaml"), 0));
        assertEquals("-", Cli.value(List.of("--config", "-"), 0), "'-' is stdin or stdout");
        for (List<String> bad : List.of(List.of("--config"), List.of("--config", "--dry-run"), List.of("--limit", "-5"))) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> Cli.value(bad, 0), bad.toString());
            assertEquals(Cli.USAGE, f.code);
            assertTrue(f.getMessage().startsWith(bad.get(0) + " needs a value"), f.getMessage());
        }
    }

    @Test
    void aKeyEchoedInASuccessfulAnswerIsNeverWrittenOrPrinted() {
        Cli.hide(() -> List.of(KEY));
        String encoded = java.net.URLEncoder.encode(KEY, java.nio.charset.StandardCharsets.UTF_8);
        assertNotEquals(KEY, encoded);
        for (String value : List.of(KEY, "prefix-" + KEY + "-suffix", "after_id=" + encoded))
            assertTrue(Cli.holdsSecret(value), value);
        assertFalse(Cli.holdsSecret("openai/gpt-4o"));
        assertTrue(Cli.holdsSecret("name " + KEY.toUpperCase(java.util.Locale.ROOT)), "in capitals");
        assertEquals("abc... (7 characters)", Cli.shortened("abcdefg", 3));
        assertEquals("ab... (4 characters)", Cli.shortened("ab\uD83D\uDC8E", 3), "never half a character");
        assertEquals("abc", Cli.shortened("abc", 3));
        assertEquals("id *** and cursor ***", Cli.redact("id " + KEY + " and cursor " + encoded));
    }

    @Test
    void aKeyIsUrlEncodedAsUrlEncoderDoesIt() {
        java.util.Random r = new java.util.Random(3);
        String alphabet = "aZ09.-*_ +/=%:@~!\u00e9\u6a21";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder v = new StringBuilder();
            for (int n = r.nextInt(12); n > 0; n--) v.append(alphabet.charAt(r.nextInt(alphabet.length())));
            assertEquals(java.net.URLEncoder.encode(v.toString(), java.nio.charset.StandardCharsets.UTF_8), Cli.urlEncoded(v.toString()), v.toString());
        }
    }

    @Test
    void nothingHostileReachesTheTerminal() {
        assertEquals("fetching https://***@gateway.example/api/v1/models",
                Cli.redact("fetching https://user:hunter2@gateway.example/api/v1/models"), "a basic-auth password is never printed");
        assertEquals("a?[2Jred?[31m new?line ?evil\tok", Cli.clean("a\u001b[2Jred\u009b[31m new\nline \u202eevil\tok"),
                "ANSI escapes (7- and 8-bit), line breaks and bidirectional overrides are neutralised");
        String json = new com.eclipsesource.json.JsonObject().add("name", "a\u001b[2J\u009b[31m\u202eb").toString();
        assertEquals("{\"name\":\"a\\u001b[2J\\u009b[31m\\u202eb\"}", Cli.json(json), "in JSON, as escapes: the same value, harmless on a terminal");
        assertEquals("a\u001b[2J\u009b[31m\u202eb", com.eclipsesource.json.Json.parse(Cli.json(json)).asObject().getString("name", ""));
    }

    /** What Cli.run prints on stderr when `body` throws, which must exit 1 (FAILED). */
    static String failureOf(Cli.Body body) {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(Cli.FAILED, Cli.run("sync_models", body));
        } finally {
            System.setErr(err);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Input nested past a recursion's depth (the parsers bound theirs; the merge's walk of a node tree does not) is one line and exit 1, never a Java stack trace. */
    @Test
    void deeplyNestedInputIsOneLineNotAStackTrace() {
        String out = failureOf(() -> { throw new StackOverflowError(); });
        assertEquals(1, out.lines().count(), out);
        assertTrue(out.contains("nested too deeply") && !out.contains("\tat "), out);
    }

    /** A class missing from the script's jar (a build killed, or raced by another, in jbang's cache) is one line with the remedy. */
    @Test
    void anIncompleteBuildIsOneLineWithTheRemedy() {
        assertEquals("sync_models: error: this build of sync_models is broken (NoClassDefFoundError: sync_models$Options); "
                + "run ./magi jbang cache clear, then the command again\n", failureOf(() -> { throw new NoClassDefFoundError("sync_models$Options"); }));
    }
}
