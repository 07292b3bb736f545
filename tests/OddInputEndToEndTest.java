import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.LoopbackSync;
import support.Project;

/** Issue 12: odd files, odd settings and odd bytes get a clear one-line answer, never a Java message or a hang. */
class OddInputEndToEndTest extends LoopbackSync {
    static final Path SHIPPED = Path.of("config/litellm/config.default.yaml");

    static Project.Result magi(Map<String, String> env, String... args) { return project.magi(env, args); }

    static Project.Result magi(String... args) { return project.magi(env(), args); }

    /** One line on stderr saying what is wrong, naming `what`, with exit `code`: no Java class name, no stack trace. */
    static void clear(String what, Project.Result r, int code, String says) {
        assertEquals(code, r.code(), what + ": " + r.all());
        assertTrue(r.err().contains(says), what + ": " + r.err());
        assertFalse(r.all().matches("(?s).*(unexpected|Exception|java\\.|\tat ).*"), what + ": a Java message: " + r.all());
    }

    @Test
    void clearErrorsNeverAJavaMessage() throws Exception {
        String shipped = project.read(project.dir.resolve(SHIPPED));
        project.write(project.config(), shipped.replace("# direct OpenAI", "# direct OpenAI, caf\u00e9"));
        Files.write(project.config(), project.read(project.config()).getBytes(StandardCharsets.ISO_8859_1));
        byte[] latin = project.bytes(project.config());
        clear("Latin-1 bytes", magi("models", "sync", "5"), 4, "is not UTF-8 text (line 5 has the byte 0xE9");
        clear("Latin-1 bytes, list", magi("models", "list"), 4, "is not UTF-8 text");
        assertArrayEquals(latin, project.bytes(project.config()), "never replaced");
        for (String config : List.of("model_list:\n", "# only comments\n# here\n", "--- # c\n", "--- # the proxy\nmodel_list: []\n")) {
            project.write(project.config(), config);
            Project.Result r = magi("models", "sync", "5");
            clear(config, r, 0, "added 5");
            for (String comment : config.replace("--- ", "").lines().filter(l -> l.startsWith("#")).toList())
                assertTrue(project.read(project.config()).contains(comment), comment + " kept");
        }
        String twice = "model_list:\n  - model_name: a\n    litellm_params: {model: openai/gpt-4o}\nlitellm_settings: {}\nmodel_list:\n"
                + "  - model_name: b\n    litellm_params: {model: openai/gpt-4o, model: openai/gpt-4o-mini}\n";
        byte[] synced = project.bytes(project.config());
        project.write(project.config(), twice);
        clear("model_list twice, sync", magi("models", "sync", "5"), 4, "has model_list twice");
        assertEquals(twice, project.read(project.config()));
        Project.Result list = magi("models", "list", "--json");
        clear("model_list twice, list", list, 0, "");
        assertEquals("", list.err(), "the last of a repeated key counts, as in PyYAML, without java.util.logging's warning");
        assertTrue(list.out().contains("\"model_name\": \"b\"") && !list.out().contains("\"model_name\": \"a\""), list.out());
        Files.write(project.config(), synced);
        clear("CRLF in a key", magi(env("OPENROUTER_API_KEY", "sk-or-abc\r\ndef-SENTINEL"), "models", "sync"), 2, "OPENROUTER_API_KEY holds a line break");
        clear("ftp base", magi(env("OPENROUTER_API_BASE", "ftp://openrouter.ai/api/v1"), "models", "sync"), 2, "not a usable URL");
        clear("port 99999", magi(env("OPENROUTER_API_BASE", "http://127.0.0.1:99999/api/v1"), "models", "sync"), 2, "a port from 1 to 65535");
        try (RandomAccessFile f = new RandomAccessFile(project.data("models.json").toFile(), "rw")) {
            f.setLength(3L << 30); // sparse
        }
        clear("3 GiB data/models.json, top", magi("models", "top"), 4, "larger than 512 MiB");
        Path leftover = project.config().resolveSibling(".config.yaml.12345678901234567890.tmp");
        Files.writeString(leftover, "left by a pid no process has");
        clear("3 GiB data/models.json and a 20-digit pid, sync", magi("models", "sync", "6"), 0, "added 1");
        assertTrue(Files.size(project.data("models.json")) < 1 << 20, "the sync rewrote it");
        assertFalse(Files.exists(leftover));
        for (String shape : List.of("[]", "{\"categories\": {\"coding\": {\"models\": [{\"model_name\": 7}]}}}", "{\"categories\": 1}"))  {
            project.write(project.data("model_recommendations.json"), shape);
            clear("recommendations " + shape, magi("models", "recommend"), 4, "is corrupt; run ./magi models sync");
        }
    }

    /**
     * Final review, item 2: a config holding a NUL byte, and a path no file can have (a NUL byte) or that is not
     * text in the locale's encoding (é in the C locale the tests run in; the byte 0xFF in a UTF-8 one), are each
     * one line and exit 4 from the read commands, verify and sync (LITELLM_MODEL_MAP: LiteLLMMapTest).
     */
    @Test
    void item2NulBytesAndOddPathsAreBadFiles() throws Exception {
        Path nul = project.dir.resolve("nul.yaml");
        Files.writeString(nul, project.read(project.dir.resolve(SHIPPED)).replace("model_list:", "model_list:\u0000"));
        clear("NUL in the config, verify", magi("models", "verify", "--config", nul.toString()), 4, "special characters are not allowed");
        clear("NUL in the config, sync", magi("models", "sync", "--config", nul.toString()), 4, "special characters are not allowed");
        clear("NUL in the config, list", magi(env("LITELLM_CONFIG", nul.toString()), "models", "list"), 4, "special characters are not allowed");
        project.write(project.dir.resolve(".env"), "LITELLM_CONFIG=config/a\u0000b.yaml\n");
        for (String command : List.of("list", "verify", "explain", "sync"))
            clear("NUL in LITELLM_CONFIG, " + command, magi(command.equals("explain") ? new String[] {"models", command, "gpt-4o"} : new String[] {"models", command}),
                    4, "a file name cannot hold a NUL byte");
        Files.delete(project.dir.resolve(".env"));
        for (String command : List.of("verify", "sync", "restore"))
            clear("é in the C locale, " + command, magi("models", command, "--config", "caf\u00e9.yaml"), 4, "not text in this locale's encoding");
        for (String command : List.of("verify", "sync")) {
            Project.Result r = project.run(env("LC_ALL", "C.UTF-8"), List.of("bash", "-c", "exec ./magi models " + command + " --config \"$(printf 'x\\377.yaml')\""));
            clear("0xFF in a UTF-8 locale, " + command, r, 4, "not text in this locale's encoding");
        }
        try (var files = Files.list(project.dir)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("x")).toList(), "no file of another name is made");
        }
    }

    @Test
    void oddFilesAreRefusedNotFollowed() throws Exception {
        Path lock = project.config().resolveSibling(".config.yaml.lock");
        Files.deleteIfExists(lock); // left by an earlier test's sync
        assertEquals(0, new ProcessBuilder("mkfifo", project.config().toString()).start().waitFor());
        try {
            long t0 = System.nanoTime();
            clear("FIFO config", magi("models", "sync", "5"), 4, "is not a regular file");
            clear("FIFO config, list", magi("models", "list"), 4, "is not a regular file");
            assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "no hang");
            assertFalse(Files.exists(lock), "a refused config gets no lock file beside it");
        } finally {
            Files.delete(project.config());
        }
        Path real = project.dir.resolve("real.yaml");
        project.write(real, project.read(project.dir.resolve(SHIPPED)));
        Files.createSymbolicLink(project.config(), real);
        try {
            clear("symlinked config", magi("models", "sync", "5"), 4, "is a symbolic link");
            assertFalse(Files.exists(lock, java.nio.file.LinkOption.NOFOLLOW_LINKS), "a refused config gets no lock file beside it");
        } finally {
            Files.delete(project.config());
        }
        Path victim = project.dir.resolve("victim");
        Files.createSymbolicLink(lock, victim);
        try {
            clear("symlinked lock", magi("models", "sync", "5"), 4, "not a regular file");
            assertFalse(Files.exists(victim), "the lock is never followed");
        } finally {
            Files.delete(lock);
        }
        clear("after", magi("models", "sync", "5"), 0, "added 5");
        project.write(project.config(), project.read(project.config()).replace("  - model_name: gpt-4o-mini\n",
                "  - model_name: odd-one\n    litellm_params:\n      model: openai/gpt-4.1\n    model_info:\n      magi_managed: OpenRouter\n  - model_name: gpt-4o-mini\n"));
        Project.Result list = magi("models", "list", "0", "--json");
        assertTrue(Json.parse(list.out()).asArray().values().stream().anyMatch(m -> m.asObject().getString("model_name", "").equals("odd-one")),
                "an entry with an unknown magi_managed value is served by LiteLLM, so list shows it: " + list.out());
        clear("unknown marker, sync", magi("models", "sync", "5"), 0, "config unchanged");
        assertTrue(project.read(project.config()).contains("odd-one"), "and the sync leaves it alone");
    }

    @Test
    void dotenvIsReadAsDockerComposeReadsIt() {
        project.write(project.dir.resolve(".env"), "HOST=127.0.0.1\nexport\tPORT=" + provider.base().replaceAll(".*:", "")
                + "\nOPENROUTER_API_BASE=\"http://${HOST}:$PORT/api/v1\"\nexport\tOPENROUTER_MODEL_LIMIT=${LIMIT:-7}\nNOTE=\"a value\nover two lines\"\n");
        Map<String, String> noBase = Map.of("MAGI_HTTP_TIMEOUT", "3");
        clear(".env", magi(noBase, "models", "sync"), 0, "added 7");
        clear(".env with the environment first", magi(Map.of("MAGI_HTTP_TIMEOUT", "3", "LIMIT", "3"), "models", "sync"), 0, "removed 4");
    }
}
