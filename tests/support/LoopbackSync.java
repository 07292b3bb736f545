package support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the end-to-end sync tests share: one scratch install and one loopback provider per test class, reset to
 * a fresh clone and the real catalog before each test, and the byte-for-byte checks of the files a sync writes.
 * The scaffold's fields are static and shared by its subclasses, so two of them never run at the same time in
 * one JVM (tests/run gives each test class a JVM of its own).
 */
public abstract class LoopbackSync {
    public static final String MODELS = "/api/v1/models";
    /** The two evidence endpoints (usage ranking, benchmarks), served from the recorded answers unless a test says otherwise. */
    public static final String USAGE = "/api/v1/datasets/rankings-daily", BENCHMARKS = "/api/v1/benchmarks";
    protected static Project project;
    protected static FakeProvider provider;
    protected static String catalog;

    @BeforeAll
    static void startLoopback() throws IOException {
        project = Project.copy();
        provider = new FakeProvider();
        catalog = Fixtures.openRouter();
    }

    @AfterAll
    static void stopLoopback() {
        provider.close();
        project.close();
    }

    @BeforeEach
    void freshClone() {
        project.reset();
        provider.requests.clear();
        provider.on(MODELS, FakeProvider.Answer.json(catalog));
        provider.on(USAGE, FakeProvider.Answer.json(Fixtures.usage()));
        provider.on(BENCHMARKS, FakeProvider.Answer.json(Fixtures.benchmarks()));
    }

    /** The environment of a sync against the loopback provider, plus `pairs` (name, value, ...). */
    protected static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1", "MAGI_HTTP_TIMEOUT", "3"));
        for (int i = 0; i < pairs.length; i += 2) env.put(pairs[i], pairs[i + 1]);
        return env;
    }

    /** The files a sync writes, as they are now. */
    protected static Map<Path, byte[]> snapshot() {
        Map<Path, byte[]> s = new HashMap<>();
        for (Path p : List.of(project.config(), project.backup(), project.data("models.json"), project.data("model_recommendations.json")))
            s.put(p, project.bytes(p));
        return s;
    }

    protected static void assertUnchanged(Map<Path, byte[]> before) {
        before.forEach((p, b) -> assertArrayEquals(b, project.bytes(p), p + " changed"));
        assertEquals(List.of(), leftovers(), "no temporary file is left behind");
    }

    protected static List<Path> leftovers() {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(project.dir.resolve("data"), project.dir.resolve("config/litellm"), project.dir.resolve("config/litellm/backups")))
            if (Files.isDirectory(dir)) try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".tmp")).forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        return out;
    }
}
