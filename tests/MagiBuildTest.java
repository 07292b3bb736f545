import static org.junit.jupiter.api.Assertions.*;

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

/** How magi builds the scripts with jbang: one build at a time, across clones too, and again whenever a source changes. */
class MagiBuildTest {
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
