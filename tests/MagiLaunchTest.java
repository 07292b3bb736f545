import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/** How magi launches the scripts: no path or value through eval, and class-data archives of what each command loads (how it builds them: MagiBuildTest). */
class MagiLaunchTest {

    /** The JVM's class log of `magi ARGS` with `env`, which must succeed: a line per class it loaded, with its source. */
    static List<String> classesLoaded(Project project, Map<String, String> env, String... args) throws Exception {
        Path log = Files.createTempFile("classes", ".txt");
        Map<String, String> logged = new java.util.HashMap<>(env);
        logged.put("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + log);
        Project.Result r = project.magi(logged, args);
        List<String> loaded = Files.readAllLines(log);
        Files.delete(log);
        assertEquals(0, r.code(), r.all());
        return loaded;
    }

    /** A sync and the read commands in a scratch install in a folder of this name, first building both launches there. */
    static void syncAndListIn(String folder) throws Exception {
        try (Project project = Project.copyNamed(folder); FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            // no kept launch: the first commands ask jbang, record the classes and dump the archives here
            Project.delete(project.dir.resolve(".magi/launch"));
            Project.delete(project.dir.resolve(".magi/cds"));
            Map<String, String> env = Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1");
            for (int round = 0; round < 2; round++) { // then again, with the launches and archives kept
                Project.Result sync = project.magi(env, "models", "sync", "5");
                assertEquals(0, sync.code(), folder + ": " + sync.all());
                Project.Result list = project.magi(env, "models", "list");
                assertEquals(0, list.code(), folder + ": " + list.all());
                assertEquals(5, list.out().lines().filter(l -> l.startsWith("openrouter/")).count(), list.out());
                Project.Result top = project.magi(env, "models", "top", "3", "--json");
                assertEquals(3, Json.parse(top.out()).asArray().size(), top.all());
            }
            assertTrue(Files.exists(project.dir.resolve(".magi/cds/search_models.java.jsa")), "the archive is made in such a folder too");
            // a script run on its own goes through `magi jbang`, which runs what jbang prints
            Project.Result direct = project.run(env, List.of("bash", "-c", "./search_models.java filter \"$1\"", "-", "it's a \"$(id>pwned)\" `id>pwned`"));
            assertEquals(2, direct.code(), direct.all());
            assertTrue(direct.err().contains("'it's a \"$(id>pwned)\" `id>pwned`'"), "the argument arrives as it was given: " + direct.err());
            for (Path dir : List.of(project.dir, project.dir.getParent(), Project.SOURCE))
                try (Stream<Path> s = Files.walk(dir, 2)) {
                    assertEquals(List.of(), s.filter(p -> p.getFileName().toString().equals("pwned")).toList(), "a folder name ran as a command");
                }
        }
    }

    @Test
    void eachCommandsFirstRunAddsWhatItLoadsToTheArchive() throws Exception {
        try (Project project = Project.copy(); FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            assertEquals(0, project.magi(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"), "models", "sync", "5").code());
            Path cds = project.dir.resolve(".magi/cds"), jsa = cds.resolve("search_models.java.jsa");
            try (Stream<Path> s = Files.list(cds)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("search_models.java.")).toList()) Files.delete(p);
            }
            assertEquals(0, project.magi(Map.of(), "models", "top", "3").code());
            assertTrue(Files.exists(jsa) && Files.exists(cds.resolve("search_models.java.top.classes")), "the first run records and archives");
            Object first = Files.readAttributes(jsa, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            assertEquals(0, project.magi(Map.of(), "models", "explain", "openai/gpt-5.5").code());
            assertTrue(Files.exists(cds.resolve("search_models.java.explain.classes")));
            Object second = Files.readAttributes(jsa, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            assertNotEquals(first, second, "explain loads classes top does not (the score's, java.time's): archived anew");
            assertEquals(2, project.magi(Map.of(), "models", "nosuch").code());
            assertEquals(0, project.magi(Map.of(), "models", "explain", "openai/gpt-5.5").code());
            assertEquals(second, Files.readAttributes(jsa, java.nio.file.attribute.BasicFileAttributes.class).fileKey(),
                    "a typo loads nothing new, and a command run before is not recorded again: the archive stays");
        }
    }

    /**
     * A models command whose launch and archive are made runs in /bin/sh alone, 2-3 ms sooner than in bash: with no
     * bash on PATH it still runs; what needs bash says that it is missing.
     */
    @Test
    void aKeptLaunchRunsWithoutBash() throws Exception {
        try (Project project = Project.copy()) {
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code()); // made here when the prepared install lacks it
            Map<String, String> noBash = Map.of("PATH", Files.createDirectories(project.dir.resolve("no-bin")).toString());
            Project.Result top = project.magi(noBash, "models", "top", "--help");
            assertEquals(0, top.code(), top.all());
            assertTrue(top.out().startsWith("usage: search_models"), top.out());
            Project.Result start = project.magi(noBash, "start", "--help");
            assertEquals(2, start.code(), start.all());
            assertEquals("magi: error: bash (4.4 or newer) is not installed\n", start.err());
        }
    }

    /**
     * An archive dumped by another build of the JDK (one updated in place keeps its path, and the JVM then maps no
     * archive, silently) is dumped again by the next command, which the one after runs from it.
     */
    @Test
    void anArchiveOfAnotherBuildOfTheJdkIsDumpedAgain() throws Exception {
        try (Project project = Project.copy()) {
            Path cds = project.dir.resolve(".magi/cds");
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            Path mark;
            try (Stream<Path> s = Files.list(cds)) {
                mark = s.filter(p -> p.getFileName().toString().startsWith("search_models.java.jdk-")).findFirst().orElseThrow();
            }
            Object dumped = Files.readAttributes(cds.resolve("search_models.java.jsa"), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
            Files.createLink(project.dir.resolve("dumped.jsa"), cds.resolve("search_models.java.jsa")); // its inode is not free for the new file
            Files.move(mark, cds.resolve("search_models.java.jdk-17.0.0+1-older"));
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            assertTrue(Files.exists(mark), "marked with the JDK that dumped it");
            assertFalse(Files.exists(cds.resolve("search_models.java.jdk-17.0.0+1-older")));
            assertNotEquals(dumped, Files.readAttributes(cds.resolve("search_models.java.jsa"), java.nio.file.attribute.BasicFileAttributes.class).fileKey());
            assertTrue(classesLoaded(project, Map.of(), "models", "top", "--help").stream().anyMatch(l -> l.contains("search_models source: shared objects file")),
                    "run from the new archive");
        }
    }

    /** A command's --json loads other classes than its text (recommend --json reads the file itself): its first run archives them too. */
    @Test
    void aCommandsJsonIsArchivedBesideItsText() throws Exception {
        try (Project project = Project.copy(); FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            assertEquals(0, project.magi(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"), "models", "sync", "5").code());
            assertEquals(0, project.magi(Map.of(), "models", "recommend").code());
            assertEquals(0, project.magi(Map.of(), "models", "recommend", "--json").code());
            assertTrue(Files.exists(project.dir.resolve(".magi/cds/search_models.java.recommend-json.classes")));
            List<String> loaded = classesLoaded(project, Map.of(), "models", "recommend", "--json");
            assertTrue(loaded.stream().anyMatch(l -> l.contains("domain.Recommendations source: shared objects file")), "the log is recommend's");
            assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" source: ") && !l.contains("source: shared objects file")).toList());
        }
    }

    /** The classes of the scripts' jars that a sync and explain load (minimal-json's Java 5 classes too) all come from the archive. */
    @Test
    void theSyncAndExplainLoadTheirJarsClassesFromTheArchive() throws Exception {
        try (Project project = Project.copy(); FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            Map<String, String> env = Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1");
            for (String[] cmd : List.of(new String[] {"models", "sync", "5"}, new String[] {"models", "explain", "openai/gpt-5.5", "--json"})) { // --json: minimal-json writes it
                assertEquals(0, project.magi(env, cmd).code()); // its first run here (if the prepared install's archive lacks it) records it
                List<String> loaded = classesLoaded(project, env, cmd);
                assertTrue(loaded.stream().anyMatch(l -> l.contains("com.eclipsesource.json.JsonValue source: shared objects file")), String.join(" ", cmd));
                assertEquals(List.of(), loaded.stream().filter(l -> l.contains("source: file:")).toList(), String.join(" ", cmd) + ": classes read from a jar");
            }
        }
    }

    @Test
    void noPathOrValuePassesThroughEvalInAFolderWithASpace() throws Exception {
        syncAndListIn("magi project");
    }

    @Test
    void noPathOrValuePassesThroughEvalInAFolderNamedLikeACommand() throws Exception {
        syncAndListIn("x$(id>pwned) it's `id>pwned` [a]*");
    }
}
