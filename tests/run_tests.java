///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
// javac's JVM, which compiles the suite before any test runs, takes the test JVMs' options (JVM_OPTIONS below): half
// the CPU (6 s, not 12). (This runner's JVM has the scripts' //JAVA_OPTIONS, which jbang takes from its //SOURCES.)
//COMPILE_OPTIONS -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//SOURCES ../sync_models.java ../search_models.java
//SOURCES support/*.java *Test.java domain/*.java

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import support.Project;
import support.SlowestFirst;

/**
 * Runs every test class this file's //SOURCES globs compile (or those whose names contain an argument) and closes
 * with "N passed, N failed". Test classes run side by side, each in a JVM of its own (so no two share static
 * state), the tests inside a class one after another. The suite is bound by the CPU (2 cores on the development
 * machine); four classes at a time keep both cores busy while some of them wait (on a lock held 30 s, a retry,
 * LiteLLM starting): three left 7% of the CPU idle, four 3.5%.
 */
class run_tests {
    static final String USAGE = """
            usage: tests/run [NAME...]

            Runs every test class under tests/ (or those whose name contains one of the NAMEs: tests/run Sync),
            up to MAGI_TEST_THREADS classes at a time (default 4), and closes with "N passed, N failed".
            Exits 1 on any failure or when no test ran.""";
    /**
     * The test JVMs' options, as the scripts' own JVMs have them: the client compiler only, and the serial collector.
     * A test JVM lives from a second to a minute, too short for the server compiler to pay back its work: without
     * these, the domain classes took 59 s of CPU instead of 36, GenerativeEndToEndTest 46 s instead of 24 to 36.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    static final Pattern SUMMARY = Pattern.compile("(\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?");

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        if (args.length == 2 && args[0].equals("--class")) System.exit(runClass(args[1]));
        if (args.length == 1 && args[0].equals("--archive")) { // loads what a test JVM loads before its tests, and runs none
            var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClasspathRoots(java.util.Set.of(jar())))
                    .filters((org.junit.platform.launcher.PostDiscoveryFilter) d -> org.junit.platform.engine.FilterResult.excluded("only loaded"));
            LauncherFactory.create().execute(request.build(), new TestExecutionListener() {});
            return;
        }
        String threads = System.getenv().getOrDefault("MAGI_TEST_THREADS", "4");
        if (!threads.matches("[1-9][0-9]?")) {
            System.err.println("tests/run: error: MAGI_TEST_THREADS must be a number from 1 to 99, not '" + threads + "'");
            System.exit(2);
        }
        long t0 = System.nanoTime();
        List<Class<?>> classes = discover(args);
        Path run = Files.createTempDirectory("magi-test-run-"); // the JVMs' prepared install, made by the first that needs it
        AtomicInteger[] counts = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        int n = Integer.parseInt(threads);
        // the first classes start without the archive, the others with it once it is there
        var archive = classes.size() > n ? java.util.concurrent.CompletableFuture.supplyAsync(() -> archive(run))
                : java.util.concurrent.CompletableFuture.<Path>completedFuture(null);
        Queue queue = new Queue(classes, run);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        for (int i = 0; i < n; i++)
            pool.submit(() -> { for (Queue.Pick p; (p = queue.next()) != null; ) runInOwnJvm(p.c(), run, archive.getNow(null), p.meanwhile(), counts); });
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.DAYS);
        archive.join();
        Project.delete(run);
        STALE.forEach(System.out::println);
        System.out.printf("%n(%.0f s%s)%n", (System.nanoTime() - t0) / 1e9, cpu(0));
        System.out.println(counts[0] + " passed, " + counts[1] + " failed" + (counts[2].get() > 0 ? ", " + counts[2] + " skipped" : ""));
        System.exit(counts[1].get() == 0 && counts[0].get() > 0 ? 0 : 1);
    }

    /**
     * The classes in the order they start: the longest first (SlowestFirst), except that while the prepared install
     * is being made (the first class that makes a scratch install makes it, and the others wait on its lock: 12 s
     * alone, one command after another), a free thread takes a class that makes none (the unit tests, in the domain
     * package) rather than wait, and runs it at a lower priority, so that the install everyone waits on goes first.
     */
    static final class Queue {
        record Pick(Class<?> c, boolean meanwhile) {}

        final List<Class<?>> left;
        final Path run;
        boolean installing;

        Queue(List<Class<?>> classes, Path run) {
            this.left = new ArrayList<>(classes);
            this.run = run;
        }

        synchronized Pick next() {
            if (left.isEmpty()) return null;
            if (installing && !Project.preparedIn(run))
                for (Class<?> c : left)
                    if (!installs(c)) return new Pick(left.remove(left.indexOf(c)), true);
            Class<?> c = left.remove(0);
            installing |= installs(c);
            return new Pick(c, false);
        }

        static boolean installs(Class<?> c) { return !c.getName().startsWith("domain."); }
    }

    /** The test classes compiled into this runner (those whose name contains an argument), longest first. */
    static List<Class<?>> discover(String[] names) throws Exception {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClasspathRoots(java.util.Set.of(jar())));
        if (names.length > 0)
            request.filters(ClassNameFilter.includeClassNamePatterns(List.of(names).stream().map(a -> ".*" + a + ".*").toArray(String[]::new)));
        TestPlan plan = LauncherFactory.create().discover(request.build());
        List<Class<?>> classes = new ArrayList<>();
        for (TestIdentifier engine : plan.getRoots())
            for (TestIdentifier t : plan.getChildren(engine))
                if (t.getSource().orElse(null) instanceof ClassSource cs) classes.add(cs.getJavaClass());
        classes.sort(new SlowestFirst());
        return classes;
    }

    /** The jar jbang compiled the tests into. */
    static Path jar() throws java.net.URISyntaxException {
        return Path.of(run_tests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    /** A command that runs this class in a JVM of its own, with the test JVMs' options, these, and the same class path. */
    static List<String> java(List<String> options, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        cmd.addAll(JVM_OPTIONS);
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "run_tests"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * A class-data archive of the classes a test JVM loads before its first test (JUnit's, the tests' own), dumped by
     * a JVM that loads them and runs no test, beside the first test JVMs: each later one starts in 0.5 s of CPU instead
     * of 0.6 (the domain classes: 30 s instead of 35). Null when it could not be made (the JVMs then go without).
     */
    static Path archive(Path run) {
        Path jsa = run.resolve("tests.jsa");
        List<String> cmd = java(List.of("-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), "--archive");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(jsa)) return jsa;
            p.destroyForcibly();
        } catch (IOException e) {
            // each test JVM loads its classes itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /** Notes on classes that took much longer than SlowestFirst says, printed at the end. */
    static final java.util.Queue<String> STALE = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Runs one class in a JVM of its own, passing its lines on as they come and adding its counts. */
    static void runInOwnJvm(Class<?> c, Path run, Path archive, boolean niced, AtomicInteger[] counts) {
        String name = c.getName();
        long started = System.nanoTime();
        List<String> options = new ArrayList<>(List.of("-D" + Project.PREPARED + "=" + run));
        if (archive != null) options.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
        List<String> cmd = java(options, "--class", name);
        if (niced && Files.isExecutable(Path.of("/usr/bin/nice"))) cmd.addAll(0, List.of("/usr/bin/nice", "-n", "10"));
        boolean summed = false;
        StringBuilder out = new StringBuilder();
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    Matcher m = SUMMARY.matcher(line);
                    if (m.matches()) {
                        counts[0].addAndGet(Integer.parseInt(m.group(1)));
                        counts[1].addAndGet(Integer.parseInt(m.group(2)));
                        if (m.group(3) != null) counts[2].addAndGet(Integer.parseInt(m.group(3)));
                        summed = true;
                    } else {
                        System.out.println(line);
                        out.append(line).append('\n');
                    }
                }
            }
            int code = p.waitFor();
            long took = (System.nanoTime() - started) / 1_000_000_000, listed = SlowestFirst.seconds(c);
            if (took > 2 * listed && took > listed + 20)
                STALE.add("note: " + c.getSimpleName() + " took " + took + " s, but tests/support/SlowestFirst.java counts it as " + listed
                        + " s, so it may start after shorter classes and end the run alone: update the table");
            if (!summed || code != 0) {
                counts[1].incrementAndGet();
                System.out.println("FAIL " + name.replaceAll(".*\\.", "") + ": its JVM exited with " + code + (summed ? "" : " before it finished"));
            }
        } catch (Exception e) {
            counts[1].incrementAndGet();
            System.out.println("FAIL " + name + ": " + e);
        }
    }

    /** The worker: runs one test class, prints a line per test and closes with its "N passed, N failed". */
    static int runClass(String name) {
        var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClass(name));
        int[] counts = new int[3];
        java.util.Map<String, long[]> started = new java.util.HashMap<>(); // the time and the CPU ticks when it started
        TestExecutionListener listener = new TestExecutionListener() {
            public void executionStarted(TestIdentifier t) {
                started.put(t.getUniqueId(), new long[] {System.nanoTime(), cpuTicks()});
            }
            public void executionSkipped(TestIdentifier t, String reason) {
                if (!t.isTest()) return;
                counts[2]++;
                System.out.println("skip " + name(t) + ": " + reason);
            }
            public void executionFinished(TestIdentifier t, TestExecutionResult r) {
                boolean ok = r.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                long[] start = started.getOrDefault(t.getUniqueId(), new long[] {System.nanoTime(), cpuTicks()});
                double seconds = (System.nanoTime() - start[0]) / 1e9;
                if (isClass(t) && ok) {
                    System.out.printf("     %s took %.1f s%s%n", name(t), seconds, cpu(0));
                    return;
                }
                if (!t.isTest() && ok) return;
                counts[ok ? 0 : 1]++;
                StringBuilder line = new StringBuilder(ok ? "ok   " : "FAIL ").append(name(t)).append(String.format(" (%.1f s%s)", seconds, cpu(start[1])));
                if (!ok) r.getThrowable().ifPresent(e -> line.append("\n     ").append(String.valueOf(e).replace("\n", "\n     ")));
                System.out.println(line);
            }
        };
        LauncherFactory.create().execute(request.build(), listener);
        System.out.println(counts[0] + " passed, " + counts[1] + " failed" + (counts[2] > 0 ? ", " + counts[2] + " skipped" : ""));
        return 0;
    }

    /**
     * ", CPU N s": the CPU time since `since` (in clock ticks) of this JVM and of the processes it has waited for (the
     * test JVMs, or the commands a test ran; not a LiteLLM proxy, which runs in a session of its own); "" where
     * Linux's /proc/self/stat is not. The suite is bound by the machine's cores: this is what a test costs the others.
     */
    static String cpu(long since) {
        long now = cpuTicks();
        return now < 0 ? "" : String.format(", CPU %.1f s", (now - since) / 100.0); // 100 ticks a second on Linux
    }

    static long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // from the 3rd field: utime is the 14th
            long ticks = 0;
            for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]); // utime, stime, cutime, cstime
            return ticks;
        } catch (Exception | Error e) {
            return -1;
        }
    }

    static boolean isClass(TestIdentifier t) {
        return t.getUniqueIdObject().getLastSegment().getType().equals("class");
    }

    /** "Class > test" (the class's simple name). */
    static String name(TestIdentifier t) {
        String cls = t.getUniqueIdObject().getSegments().stream().filter(s -> s.getType().equals("class"))
                .map(s -> s.getValue().replaceAll(".*\\.", "")).findFirst().orElse("");
        return isClass(t) ? cls : cls + " > " + t.getDisplayName();
    }
}
