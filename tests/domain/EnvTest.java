package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
