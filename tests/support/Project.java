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
 * A scratch install of the project, as an operator would have after cloning: the files the project tracks, with
 * the jbang and the LiteLLM that magi installed (when there are) linked in so they are not fetched again. Commands
 * run with an environment built from nothing, so the developer's own settings never leak into a test.
 *
 * Every install starts with the launch commands and class-data archives (.magi/launch, .magi/cds) that one
 * prepared install built once per run: they hold for every copy because the sources are the same files, and a
 * copy whose sources a test edits rebuilds its own, as an operator's would.
 *
 * Every command runs with a sentinel in every key variable (a test may set its own value instead), and no
 * key value may appear in its output; when the install is removed, no file in it may hold one either. So the
 * whole suite is also the secrets test.
 */
public final class Project implements AutoCloseable {
    public static final Path SOURCE = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();

    public static final Map<String, String> SENTINELS = Map.of(
            "OPENROUTER_API_KEY", "sk-or-SENTINEL-suite-3c5e", "AZURE_OPENAI_API_KEY", "SENTINEL-azure-suite-8d21",
            "OPENAI_API_KEY", "sk-SENTINEL-openai-suite-6b07", "ANTHROPIC_API_KEY", "sk-ant-SENTINEL-suite-19fa",
            "LITELLM_MASTER_KEY", "sk-SENTINEL-master-suite-a4c2");
    public final Path dir;
    /** The temporary folder removed with the install: dir, or the folder that holds it. */
    private final Path root;
    /** Every key value any command here was given. */
    final java.util.Set<String> secrets = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public record Result(int code, String out, String err) {
        public String all() { return out + err; }
    }

    private Project(Path dir, Path root) {
        this.dir = dir;
        this.root = root;
    }

    /** A scratch install in a new temporary folder. */
    public static Project copy() {
        try {
            Path dir = Files.createTempDirectory("magi-test-");
            return copyInto(dir, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scratch install in a folder of this name (spaces, quotes, `$(...)`: any name a folder can have). */
    public static Project copyNamed(String name) {
        try {
            Path root = Files.createTempDirectory("magi-test-");
            return copyInto(Files.createDirectories(root.resolve(name)), root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Project copyInto(Path dir, Path root) throws IOException {
        Project p = bare(dir, root);
        Path prepared = prepared();
        if (prepared != null)
            for (String sub : List.of(".magi/launch", ".magi/cds"))
                if (Files.isDirectory(prepared.resolve(sub))) copyTree(prepared.resolve(sub), dir.resolve(sub));
        return p;
    }

    /** The tracked files and the linked tools, nothing built. */
    private static Project bare(Path dir, Path root) throws IOException {
        for (String f : tracked()) {
            Path from = SOURCE.resolve(f);
            if (!Files.isRegularFile(from)) continue; // deleted in the work tree
            Path to = dir.resolve(f);
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(dir.resolve("data"));
        Path tools = SOURCE.resolve(".magi");
        if (Files.isDirectory(tools)) {
            Files.createDirectories(dir.resolve(".magi"));
            try (Stream<Path> s = Files.list(tools)) {
                for (Path t : s.filter(t -> t.getFileName().toString().startsWith("jbang-")).toList())
                    Files.createSymbolicLink(dir.resolve(".magi").resolve(t.getFileName()), t);
            }
            // linked even before `magi install litellm` has made it in the project (a start without it replaces the link)
            Files.createSymbolicLink(dir.resolve(".magi/litellm-venv"), tools.resolve("litellm-venv"));
        }
        Project p = new Project(dir, root);
        p.reset();
        return p;
    }

    private static List<String> trackedFiles;

    /**
     * What a clone of the project holds: the files git tracks, and new ones it would track (not ignored), as they
     * are in the work tree, less the test suite (tests/ holds the sentinel keys that no file of an install may
     * hold). Without git (an unpacked archive), every file but .git/, .magi/ and tests/; the outputs a clone does
     * not have (config, backups, data, .env) are then removed by reset().
     */
    static synchronized List<String> tracked() throws IOException {
        if (trackedFiles != null) return trackedFiles;
        try {
            Process git = new ProcessBuilder("git", "-C", SOURCE.toString(), "ls-files", "-z", "--cached", "--others", "--exclude-standard")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (git.waitFor() == 0 && out.length > 0) {
                List<String> files = new ArrayList<>();
                for (String f : new String(out, StandardCharsets.UTF_8).split("\0"))
                    if (!f.isEmpty() && !f.startsWith("tests/")) files.add(f);
                return trackedFiles = List.copyOf(files);
            }
        } catch (IOException e) {
            // no git: the fallback below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(SOURCE)) {
            return trackedFiles = s.filter(Files::isRegularFile).map(f -> SOURCE.relativize(f).toString())
                    .filter(f -> !f.startsWith(".git/") && !f.equals(".git") && !f.startsWith(".magi/") && !f.startsWith("tests/")).toList();
        }
    }

    private static Path preparedDir;
    private static boolean preparing;

    /**
     * The system property by which tests/run hands the JVMs that run the test classes a folder of its own: the first
     * of them that needs the prepared install makes it there, under a file lock the others wait on.
     */
    public static final String PREPARED = "magi.test.prepared";

    /**
     * The install made once per run that has built both scripts' launches and class-data archives, from a sync of
     * the recorded catalog and a read command; null when it could not be made (each install then builds its own).
     * Without tests/run's folder, this JVM makes one of its own, removed when it exits.
     */
    static synchronized Path prepared() {
        if (preparing) return preparedDir;
        preparing = true;
        try {
            String shared = System.getProperty(PREPARED);
            if (shared == null) {
                Path dir = Files.createTempDirectory("magi-test-prepared-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        delete(dir);
                    } catch (IOException ignored) {
                        // a temp folder left behind is harmless
                    }
                }));
                return preparedDir = prepare(dir);
            }
            Path run = Path.of(shared), install = run.resolve("install");
            try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(run.resolve(".lock"),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE); var held = lock.lock()) {
                if (Files.exists(run.resolve("ready"))) return preparedDir = install;
                if (Files.exists(run.resolve("failed"))) return null;
                delete(install); // what a JVM killed while making it left
                preparedDir = prepare(Files.createDirectories(install));
                Files.createFile(run.resolve(preparedDir != null ? "ready" : "failed"));
                return preparedDir;
            }
        } catch (IOException e) {
            System.err.println("warning: the prepared install failed (" + e + "); each scratch install builds its own launch");
            return null;
        }
    }

    /** Whether tests/run's folder `run` holds the prepared install, or the mark that it could not be made. */
    public static boolean preparedIn(Path run) {
        return Files.exists(run.resolve("ready")) || Files.exists(run.resolve("failed"));
    }

    private static Path prepare(Path dir) {
        try (FakeProvider provider = new FakeProvider()) {
            Project p = bare(dir, dir);
            provider.on("/api/v1/models", FakeProvider.Answer.json(Fixtures.openRouter()));
            Result sync = p.magi(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"), "models", "sync");
            Result top = p.magi(Map.of(), "models", "top");
            // each command's first run (and its --json's) adds its classes to the archive: here, once, instead of in every install
            for (String command : List.of("top --json", "list", "list --json", "filter vision", "filter vision --json", "search --tag vision",
                    "search --tag vision --json", "recommend", "recommend --json", "explain openai/gpt-5.5", "explain openai/gpt-5.5 --json", "verify",
                    "verify --json", "status", "status --json"))
                p.magi(Map.of("LITELLM_PORT", "9"), ("models " + command).split(" "));
            if (sync.code() == 0 && top.code() == 0) return dir;
            System.err.println("warning: the prepared install failed; each scratch install builds its own launch:\n" + sync.all() + top.all());
        } catch (IOException | RuntimeException e) {
            System.err.println("warning: the prepared install failed (" + e + "); each scratch install builds its own launch");
        }
        return null;
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
        return run(dir, env, cmd, 180, secrets);
    }

    private static boolean litellmInstalled;

    /**
     * LiteLLM in the project's own .magi/, installed once a run (magi serialises concurrent installs): the proxy
     * tests run it, and the map tests compare the sync with its model map, so neither may go without it.
     */
    public static synchronized void installLiteLLM() {
        if (litellmInstalled) return;
        Result install = inSource(900, "install", "litellm");
        if (install.code() != 0) throw new AssertionError("magi install litellm: " + install.all());
        litellmInstalled = true;
    }

    /**
     * The project's own magi (in SOURCE, not a scratch install), given up to `seconds`: `install litellm` puts
     * LiteLLM into the project's .magi/ once, where every scratch install made after it links it.
     */
    public static Result inSource(int seconds, String... args) {
        List<String> cmd = new ArrayList<>(List.of("./magi"));
        cmd.addAll(List.of(args));
        return run(SOURCE, Map.of(), cmd, seconds, java.util.concurrent.ConcurrentHashMap.newKeySet());
    }

    /** Where a process that did not finish is stuck: it and its descendants (magi execs Java), and the threads of the Java ones. */
    static String stuck(Process p) {
        StringBuilder sb = new StringBuilder();
        java.util.stream.Stream.concat(java.util.stream.Stream.of(p.toHandle()), p.descendants()).forEach(d -> {
            String command = d.info().commandLine().orElse("?");
            sb.append("\n").append(d.pid()).append(' ').append(command, 0, Math.min(200, command.length()));
            if (!command.contains("java")) return;
            try {
                Process j = new ProcessBuilder("jstack", String.valueOf(d.pid())).redirectErrorStream(true).start();
                String threads = new String(j.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                sb.append("\n").append(threads, 0, Math.min(30000, threads.length()));
            } catch (IOException e) {
                sb.append(" (no jstack: ").append(e.getMessage()).append(')');
            }
        });
        return sb.toString();
    }

    private static Result run(Path dir, Map<String, String> env, List<String> cmd, int seconds, java.util.Set<String> secrets) {
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
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                String stuck = stuck(p);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd + "\nits output: " + Files.readString(out) + Files.readString(err) + stuck);
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

    public static void delete(Path p) throws IOException {
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
                delete(root);
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }
}
