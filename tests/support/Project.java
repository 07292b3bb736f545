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
 *
 * Every command runs with a sentinel in every key variable (a test may set its own value instead), and no
 * key value may appear in its output; when the install is removed, no file in it may hold one either. So the
 * whole suite is also the secrets test.
 */
public final class Project implements AutoCloseable {
    public static final Path SOURCE = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    static final List<String> FILES = List.of("magi", "sync_models.java", "search_models.java", "domain",
            "config/litellm/config.default.yaml", "config/sync.yaml");

    public static final Map<String, String> SENTINELS = Map.of(
            "OPENROUTER_API_KEY", "sk-or-SENTINEL-suite-3c5e", "AZURE_OPENAI_API_KEY", "SENTINEL-azure-suite-8d21",
            "OPENAI_API_KEY", "sk-SENTINEL-openai-suite-6b07", "ANTHROPIC_API_KEY", "sk-ant-SENTINEL-suite-19fa",
            "LITELLM_MASTER_KEY", "sk-SENTINEL-master-suite-a4c2");
    public final Path dir;
    /** Every key value any command here was given. */
    final java.util.Set<String> secrets = java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    /** Back to a fresh clone: no live config, no backups, no sync output, no kept evidence, no .env. */
    public void reset() {
        try {
            for (Path p : List.of(config(), backup(), data("models.json"), data("model_recommendations.json"), dir.resolve(".env"),
                    dir.resolve(".magi/cache/openrouter-usage.json"), dir.resolve(".magi/cache/openrouter-benchmarks.json")))
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
        Map<String, String> clean = new HashMap<>(SENTINELS);
        clean.put("PATH", System.getenv("PATH"));
        clean.put("HOME", System.getProperty("user.home"));
        clean.putAll(env);
        clean.forEach((k, v) -> { if (k.matches(".*(KEY|SECRET|TOKEN|PASSWORD).*") && v.length() >= 8) secrets.add(v); });
        for (String arg : cmd) // env -i NAME=value arguments
            if (arg.matches("[A-Z_]*(KEY|SECRET|TOKEN|PASSWORD)[A-Z_]*=.{8,}")) secrets.add(arg.substring(arg.indexOf('=') + 1));
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
            for (String secret : secrets)
                if (r.all().contains(secret)) throw new AssertionError("a key value appears in the output of " + cmd.get(0) + ": " + r.all());
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

    /** No file of the install (its config, backups, data, caches, LiteLLM's log) holds a key value; .env and the installed tools aside. */
    public void assertNoSecretInFiles() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(f).toString();
                if (rel.equals(".env") || rel.startsWith(".magi/jbang-") || rel.startsWith(".magi/litellm-venv")) continue;
                String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
                for (String secret : secrets)
                    if (text.contains(secret)) throw new AssertionError("a key value is written in " + rel);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the files for key values, then removes the install. */
    @Override
    public void close() {
        try {
            assertNoSecretInFiles();
        } finally {
            try {
                delete(dir);
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
