import static org.junit.jupiter.api.Assertions.*;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import support.Project;

/** magi's operator conventions and its jbang bootstrap (how it builds and launches the scripts: MagiBuildTest, MagiLaunchTest). */
class MagiTest {

    @Test
    void helpOnAnyCommandPrintsItsUsageAndNeverActs() throws Exception {
        try (Project project = Project.copy()) {
            // a LiteLLM that stop or restart would kill: a live process named litellm, in the pid file
            Process litellm = new ProcessBuilder("bash", "-c", "exec -a litellm-stand-in sleep 300").start();
            try {
                Files.createDirectories(project.dir.resolve(".magi"));
                Files.writeString(project.dir.resolve(".magi/litellm.pid"), litellm.pid() + "\n");
                Files.writeString(project.dir.resolve(".magi/litellm.log"), "the log\n");
                List<List<String>> commands = new ArrayList<>(List.of(List.of("start"), List.of("stop"), List.of("status"),
                        List.of("restart", "litellm"), List.of("restart"), List.of("logs", "litellm"), List.of("logs", "litellm", "-f"), List.of("install", "litellm"),
                        List.of("help")));
                for (String c : List.of("sync", "list", "top", "filter", "search", "recommend", "restore", "verify", "help"))
                    commands.add(List.of("models", c));
                commands.add(List.of("models", "sync", "--restart"));
                for (List<String> command : commands)
                    for (String flag : List.of("--help", "-h")) {
                        List<String> args = new ArrayList<>(command);
                        args.add(flag);
                        Project.Result r = project.magi(Map.of("OPENROUTER_API_BASE", "http://127.0.0.1:9/api/v1"), args.toArray(String[]::new));
                        assertEquals(0, r.code(), args + ": " + r.all());
                        assertTrue(r.out().startsWith("usage:"), args + ": " + r.out());
                        assertEquals("", r.err(), args + " only prints its usage");
                        assertTrue(litellm.isAlive(), args + " stopped LiteLLM");
                        assertFalse(Files.exists(project.config()), args + " synced");
                    }
                for (String tool : List.of("tests/run", "tests/bench/run"))
                    for (String flag : List.of("--help", "-h")) {
                        Project.Result r = project.run(Map.of(), List.of(Project.SOURCE.resolve(tool).toString(), flag));
                        assertEquals(0, r.code(), tool + " " + flag + ": " + r.all());
                        assertTrue(r.out().startsWith("usage: " + tool), r.out());
                    }
            } finally {
                litellm.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void runThroughASymlinkItIsTheProjectItLeadsTo(@org.junit.jupiter.api.io.TempDir Path bin) throws Exception {
        try (Project project = Project.copy()) {
            Path direct = Files.createSymbolicLink(bin.resolve("magi"), project.dir.resolve("magi"));
            Files.createDirectories(bin.resolve("sub"));
            Path chained = Files.createSymbolicLink(bin.resolve("sub/m"), Path.of("../magi")); // relative, to a link
            for (Path link : List.of(direct, chained)) {
                Project.Result r = project.run(Map.of(), List.of("sh", "-c", "cd / && exec \"$0\" models sync --help", link.toString()));
                assertEquals(0, r.code(), link + ": " + r.all());
                assertTrue(r.out().startsWith("usage: sync_models"), r.out());
            }
            assertFalse(Files.exists(bin.resolve(".magi")), "nothing is installed beside the link");
        }
    }

    @Test
    void statusJsonPrintsJson() {
        try (Project project = Project.copy()) {
            Project.Result r = project.magi(Map.of("LITELLM_PORT", "9"), "status", "--json");
            assertEquals(1, r.code(), "nothing answers: " + r.all());
            JsonObject status = Json.parse(r.out()).asObject();
            assertFalse(status.getBoolean("running", true));
            assertEquals("http://127.0.0.1:9", status.getString("url", ""));
        }
    }

    /** jbang comes from the Maven repository mvn itself uses, whatever HOME says, and the wait shows progress. */
    @Test
    void theFirstRunInstallsJbangWithMvnAndShowsProgress() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("bash", "-c", "command -v mvn").start().waitFor() == 0, "mvn is not installed");
        try (Project project = Project.copy()) {
            try (Stream<Path> s = Files.list(project.dir.resolve(".magi"))) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith("jbang-")).toList()) Files.delete(p);
            }
            Path home = Files.createDirectories(project.dir.resolve("elsewhere"));
            Project.Result r = project.magi(Map.of("HOME", home.toString()), "jbang", "--version");
            assertEquals(0, r.code(), r.all());
            assertTrue(r.all().matches("(?s).*magi: installing jbang [^\n]* with mvn .*\nmagi: done in \\d+ s\n\\d+\\.\\d+\\.\\d+\n"), r.all());
            try (Stream<Path> s = Files.list(home)) {
                assertEquals(List.of(), s.toList(), "nothing is looked for or put under HOME");
            }
        }
    }
}
