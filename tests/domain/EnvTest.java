package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvTest {
    @TempDir Path home;

    Env env(String dotenv, Map<String, String> process) throws Exception {
        Files.writeString(home.resolve(".env"), dotenv);
        return new Env(home, process);
    }

    @Test
    void readsDotenvAsDockerComposeDoes() throws Exception {
        Env e = env("""
                # a comment
                export OPENROUTER_MODEL_LIMIT=25   # inline comment
                QUOTED="a b # not a comment"
                SINGLE='x\\ny'
                ESCAPED="line1\\nline2"
                EMPTY=
                HASH=abc#def
                """, Map.of());
        assertEquals("25", e.get("OPENROUTER_MODEL_LIMIT"));
        assertEquals("a b # not a comment", e.get("QUOTED"));
        assertEquals("x\\ny", e.get("SINGLE"));
        assertEquals("line1\nline2", e.get("ESCAPED"));
        assertNull(e.get("EMPTY"), "an empty value means unset, so the default applies");
        assertEquals("abc#def", e.get("HASH"));
    }

    @Test
    void realEnvironmentWins() throws Exception {
        Env e = env("OPENROUTER_MODEL_LIMIT=25\n", Map.of("OPENROUTER_MODEL_LIMIT", "7"));
        assertEquals("7", e.get("OPENROUTER_MODEL_LIMIT"));
    }

    @Test
    void secretsAreTheValuesOfKeyLikeNames() throws Exception {
        Env e = env("OPENROUTER_API_KEY=sk-or-secret\nOPENROUTER_MODEL_LIMIT=25\n", Map.of("AZURE_OPENAI_API_KEY", "az-secret"));
        assertTrue(e.secrets().containsAll(java.util.List.of("sk-or-secret", "az-secret")));
        assertFalse(e.secrets().contains("25"));
    }

    @Test
    void aSecretNameIsOneThatHoldsAWordInAnyCase() {
        java.util.Random r = new java.util.Random(5);
        String[] parts = {"KEY", "key", "Ke", "y", "SECRET", "Sec", "ret", "TOKEN", "tok", "en", "PASSWORD", "pass", "WORD", "_", "API", "PATH", "k", "S", "x"};
        for (int i = 0; i < 100_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int n = r.nextInt(5); n > 0; n--) name.append(parts[r.nextInt(parts.length)]);
            String upper = name.toString().toUpperCase(java.util.Locale.ROOT);
            boolean want = upper.contains("KEY") || upper.contains("SECRET") || upper.contains("TOKEN") || upper.contains("PASSWORD");
            assertEquals(want, Env.secretName(name.toString()), name.toString());
        }
    }

    @Test
    void countsAreWholeNumbersWithZeroForAll() {
        assertEquals(0, Cli.count("N", "0"));
        assertEquals(25, Cli.count("N", " 25 "));
        for (String bad : new String[] {"-1", "abc", "2.5", ""}) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> Cli.count("N", bad));
            assertEquals(Cli.USAGE, f.code);
        }
    }

    @Test
    void suggestsTheClosestWord() {
        assertEquals("vision", Cli.closest("visoin", java.util.List.of("vision", "budget", "coding")));
        assertNull(Cli.closest("zzzzzzzz", java.util.List.of("vision", "budget")));
    }

    /** Issue 12, item 15: the rules of docker compose's .env parser (compose-go's dotenv), including interpolation. */
    @Test
    void dotenvIsReadAsDockerComposeReadsIt() throws Exception {
        Env e = env("""
                export\tTABBED=yes
                export   SPACED=also
                BASE=https://openrouter.example
                URL=${BASE}/api/v1
                BARE=$BASE/v2
                QUOTED="$BASE/v3 # not a comment"
                SINGLE='$BASE stays'
                DEFAULT=${UNSET_THING:-fallback}
                DASH=${EMPTY-kept}
                EMPTY=
                SOFT=${EMPTY:-used}
                ALT=${BASE:+set}
                DOLLAR=$$BASE
                ESCAPED="\\$BASE"
                FROM_ENV=${HOME_DIR}/x
                MULTI="first line
                second line"
                AFTER=after-multi
                SPACE_HASH=a b # comment
                NO_SPACE_HASH=a#b
                CRLF=windows\r
                """, Map.of("HOME_DIR", "/home/op"));
        assertEquals("yes", e.get("TABBED"), "export followed by a tab");
        assertEquals("also", e.get("SPACED"));
        assertEquals("https://openrouter.example/api/v1", e.get("URL"), "${VAR} from an earlier line");
        assertEquals("https://openrouter.example/v2", e.get("BARE"), "$VAR in an unquoted value");
        assertEquals("https://openrouter.example/v3 # not a comment", e.get("QUOTED"), "$VAR in a double-quoted value");
        assertEquals("$BASE stays", e.get("SINGLE"), "single quotes are literal");
        assertEquals("fallback", e.get("DEFAULT"));
        assertEquals("kept", e.get("DASH"), "- applies when unset (EMPTY comes later)");
        assertEquals("used", e.get("SOFT"), ":- applies when empty");
        assertEquals("set", e.get("ALT"));
        assertEquals("$BASE", e.get("DOLLAR"), "$$ is a dollar");
        assertEquals("$BASE", e.get("ESCAPED"), "\\$ is a dollar in double quotes");
        assertEquals("/home/op/x", e.get("FROM_ENV"), "the environment first");
        assertEquals("first line\nsecond line", e.get("MULTI"), "a double-quoted value spans lines");
        assertEquals("after-multi", e.get("AFTER"));
        assertEquals("a b", e.get("SPACE_HASH"));
        assertEquals("a#b", e.get("NO_SPACE_HASH"));
        assertEquals("windows", e.get("CRLF"));
        for (String bad : List.of("A=\"never closed\n", "X=${UNSET:?must be set}\n", "not a name=1\n", "Y=${}\n")) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> env(bad, Map.of()), bad);
            assertEquals(Cli.USAGE, f.code);
            assertTrue(f.getMessage().startsWith(".env line 1:"), f.getMessage());
        }
    }

    /** A line that is not NAME=value is named by its number: its text may be a key (a space typed for the '=', a key pasted alone). */
    @Test
    void aLineThatIsNotNameEqualsValueIsNeverShown() {
        String key = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab";
        Map<String, Integer> bad = Map.of("OPENROUTER_API_KEY " + key + "\n", 1, "X=1\n" + key.replace("v1-", "v1+") + "\n", 2,
                "ANTHROPIC_API_KEY\t" + key + "=x\n", 1, "X=1\n" + key + " # the old key\n", 2, "ghp_Zx81SECRETtoken0042abcd # old token\n", 1);
        bad.forEach((text, line) -> {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> env(text, Map.of()), text);
            assertEquals(Cli.USAGE, f.code);
            assertEquals(".env line " + line + ": not NAME=value (a space where the '=' belongs?)", f.getMessage());
        });
    }

    /** Issue 12, item 13: a basic-auth password in a URL setting is a secret too. */
    @Test
    void nothingHostileReachesTheTerminal() throws Exception {
        Env e = env("OPENROUTER_API_BASE=https://proxyuser:hunter2-pass@gateway.example/api/v1\n", Map.of());
        assertTrue(e.secrets().containsAll(List.of("proxyuser:hunter2-pass", "hunter2-pass")), e.secrets().toString());
    }
}
