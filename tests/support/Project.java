package support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A scratch install of the project, as an operator would have after cloning: the tracked files only, with the
 * jbang and the LiteLLM that magi installed (when there are) linked in so they are not fetched again. Commands run with an
 * environment built from nothing, so the developer's own settings never leak into a test.
 */
public final class Project implements AutoCloseable {
    public static final Path SOURCE = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    static final List<String> FILES = List.of("magi", "sync_models.java", "search_models.java", "domain",
            "config/litellm/config.default.yaml", "config/sync.yaml");

    public final Path dir;

    public record Result(int code, String out, String err) {
        public String all() { return out + err; }
    }

    private Project(Path dir) { this.dir = dir; }

    public static Project copy() {
        try {
            Path dir = Files.createTempDirectory("magi-test-");
            for (String f : FILES) copyTree(SOURCE.resolve(f), dir.resolve(f));
            Files.createDirectories(dir.resolve("data"));
            Path tools = SOURCE.resolve(".magi");
            if (Files.isDirectory(tools)) {
                Files.createDirectories(dir.resolve(".magi"));
                try (Stream<Path> s = Files.list(tools)) {
                    for (Path p : s.filter(p -> p.getFileName().toString().matches("jbang-.*|litellm-venv")).toList())
                        Files.createSymbolicLink(dir.resolve(".magi").resolve(p.getFileName()), p);
                }
            }
            return new Project(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else {
                    Files.createDirectories(t.getParent());
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    public Path config() { return dir.resolve("config/litellm/config.yaml"); }
    public Path backup() { return dir.resolve("config/litellm/config.yaml.backup"); }
    public Path data(String name) { return dir.resolve("data").resolve(name); }

    /** Back to a fresh clone: no live config, no backups, no sync output, no .env. */
    public void reset() {
        try {
            for (Path p : List.of(config(), backup(), data("models.json"), data("model_recommendations.json"), dir.resolve(".env")))
                Files.deleteIfExists(p);
            delete(dir.resolve("config/litellm/backups"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result magi(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of("./magi"));
        cmd.addAll(List.of(args));
        return run(env, cmd);
    }

    public Result run(Map<String, String> env, List<String> cmd) {
        Map<String, String> clean = new HashMap<>();
        clean.put("PATH", System.getenv("PATH"));
        clean.put("HOME", System.getProperty("user.home"));
        clean.putAll(env);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().clear();
            pb.environment().putAll(clean);
            Path out = Files.createTempFile("out", ".txt"), err = Files.createTempFile("err", ".txt");
            pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    public String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] bytes(Path p) {
        try {
            return Files.exists(p) ? Files.readAllBytes(p) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }

    @Override
    public void close() {
        try {
            delete(dir);
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }
}
