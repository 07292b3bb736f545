import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/** How magi launches the scripts: no path or value through eval, and a launch rebuilt when any source changes. */
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

    /** Commands started together after a source changed build it once: the others wait for that launch (jbang fails when two compile one script; flock, Linux). */
    @Test
    void commandsStartedTogetherAfterAnEditBuildOnce() throws Exception {
        try (Project project = Project.copy()) {
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            Path launch = project.dir.resolve(".magi/launch/search_models.java.words"), source = project.dir.resolve("domain/Tier.java");
            Files.setLastModifiedTime(source, FileTime.fromMillis(Files.getLastModifiedTime(launch).toMillis() + 2000));
            List<java.util.concurrent.CompletableFuture<Project.Result>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> project.magi(Map.of(), "models", "top", "--help")));
            for (var run : runs) {
                Project.Result r = run.join();
                assertEquals(0, r.code(), r.all());
                assertTrue(r.out().startsWith("usage: search_models"), r.all());
            }
            try (Stream<Path> left = Files.list(project.dir.resolve(".magi/launch"))) { // no build's temporary file
                assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> !n.matches(".*\\.(words|watched|building)")).toList());
            }
        }
    }

    /**
     * Two clones of one commit build their scripts into one folder of jbang's cache, which every clone of the user
     * shares: started together, both run (before, one often failed with jbang's "no main class deduced").
     */
    @Test
    void twoClonesStartedTogetherBothRun() throws Exception {
        Path cache = Files.createTempDirectory("jbang-cache-"); // empty: both must build
        try (Project a = Project.copy(); Project b = Project.copy()) {
            for (Project p : List.of(a, b)) {
                Project.delete(p.dir.resolve(".magi/launch"));
                Project.delete(p.dir.resolve(".magi/cds"));
            }
            Map<String, String> env = Map.of("JBANG_CACHE_DIR", cache.toString());
            var runs = Stream.of(a, b).map(p -> java.util.concurrent.CompletableFuture.supplyAsync(() -> p.magi(env, "models", "sync", "--help"))).toList();
            for (var run : runs) {
                Project.Result r = run.join();
                assertEquals(0, r.code(), r.all());
                assertTrue(r.out().startsWith("usage: sync_models"), r.all());
            }
        } finally {
            Project.delete(cache);
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

    /**
     * The launch is rebuilt when any file the script's //SOURCES lines name changes, globs included: here the lines
     * become globs of their folders, and a file added to one with an old time, its removal, and an edit all count.
     */
    /** A new build of the scripts (an update) makes its own index of the synced files: the old one may read them otherwise. */
    @Test
    void aNewBuildIndexesTheFilesAgain() throws Exception {
        try (Project project = Project.copy(); FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            assertEquals(0, project.magi(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"), "models", "sync", "5").code());
            Path index = project.dir.resolve(".magi/cache/universe.bin"), old = project.dir.resolve("old-index");
            Files.createLink(old, index); // its inode stays taken, so a new file cannot get it
            assertEquals(0, project.magi(Map.of(), "models", "top", "3").code());
            assertTrue(Files.isSameFile(old, index), "no build: the sync's index serves");
            Path source = project.dir.resolve("domain/Universe.java");
            Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 2000));
            Project.Result top = project.magi(Map.of(), "models", "top", "3");
            assertEquals(0, top.code(), top.all());
            assertTrue(Files.exists(index), "the read command wrote it again");
            assertFalse(Files.isSameFile(old, index), "the new build made its own index");
        }
    }

    @Test
    void theRebuildCheckCoversEverySourceTheScriptsInclude() throws Exception {
        try (Project project = Project.copy()) {
            Path script = project.dir.resolve("search_models.java"), launch = project.dir.resolve(".magi/launch/search_models.java.words");
            List<String> lines = new ArrayList<>(List.of(project.read(script).split("\n", -1)));
            Set<String> globs = new LinkedHashSet<>();
            int first = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("//SOURCES ")) continue;
                if (first < 0) first = i;
                for (String w : lines.get(i).substring("//SOURCES ".length()).trim().split("\\s+"))
                    globs.add(w.contains("*") ? w : w.substring(0, w.lastIndexOf('/') + 1) + "*.java");
            }
            lines.removeIf(l -> l.startsWith("//SOURCES "));
            lines.add(first, "//SOURCES " + String.join(" ", globs));
            project.write(script, String.join("\n", lines));
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            String glob = globs.iterator().next();
            Path folder = project.dir.resolve(glob.substring(0, glob.lastIndexOf('/') + 1));
            FileTime old = FileTime.fromMillis(1_000_000_000_000L); // 2001: older than any launch

            Path added = folder.resolve("MagiTestExtra.java");
            Files.writeString(added, "class MagiTestExtra {}\n");
            Files.setLastModifiedTime(added, old);
            FileTime built = Files.getLastModifiedTime(launch);
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            assertNotEquals(built, built = Files.getLastModifiedTime(launch), "a file added to a glob counts, whatever its time");
            Files.delete(added);
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            assertNotEquals(built, built = Files.getLastModifiedTime(launch), "a file removed from a glob counts");

            Path broken = folder.resolve("MagiTestBroken.java");
            Files.writeString(broken, "class MagiTestBroken { not java\n");
            Files.setLastModifiedTime(broken, old);
            Project.Result r = project.magi(Map.of(), "models", "top", "--help");
            assertEquals(2, r.code(), "the added file is compiled: " + r.all());
            assertTrue(r.err().contains("magi: error: could not build search_models.java"), r.err());
            Files.delete(broken);

            Path source;
            try (Stream<Path> s = Files.list(folder)) {
                source = s.filter(p -> p.toString().endsWith(".java")).sorted().findFirst().orElseThrow();
            }
            Files.setLastModifiedTime(source, FileTime.fromMillis(built.toMillis() + 1000));
            assertEquals(0, project.magi(Map.of(), "models", "top", "--help").code());
            assertNotEquals(built, Files.getLastModifiedTime(launch), source + " changed: the launch is rebuilt");
        }
    }

}
