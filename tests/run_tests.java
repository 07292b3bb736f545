///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//SOURCES ../sync_models.java ../search_models.java
//SOURCES support/*.java *Test.java domain/*.java

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs every test class this file's //SOURCES globs compile (or those whose names contain an argument) and closes
 * with "N passed, N failed". Test classes run side by side (the tests inside a class one after another): most of
 * the suite's time is spent waiting on processes, retries and timeouts, not computing.
 */
class run_tests {
    static final String USAGE = """
            usage: tests/run [NAME...]

            Runs every test class under tests/ (or those whose name contains one of the NAMEs: tests/run Sync),
            up to MAGI_TEST_THREADS classes at a time (default 3), and closes with "N passed, N failed".
            Exits 1 on any failure or when no test ran.""";

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        String threads = System.getenv().getOrDefault("MAGI_TEST_THREADS", "3");
        if (!threads.matches("[1-9][0-9]?")) {
            System.err.println("tests/run: error: MAGI_TEST_THREADS must be a number from 1 to 99, not '" + threads + "'");
            System.exit(2);
        }
        Path jar = Path.of(run_tests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClasspathRoots(java.util.Set.of(jar)))
                .configurationParameters(Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "same_thread",
                        "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", threads,
                        "junit.jupiter.testclass.order.default", "support.SlowestFirst"));
        if (args.length > 0)
            request.filters(ClassNameFilter.includeClassNamePatterns(List.of(args).stream().map(a -> ".*" + a + ".*").toArray(String[]::new)));
        AtomicInteger passed = new AtomicInteger(), failed = new AtomicInteger(), skipped = new AtomicInteger();
        Map<String, Long> started = new ConcurrentHashMap<>();
        TestExecutionListener listener = new TestExecutionListener() {
            public void executionStarted(TestIdentifier t) {
                if (isClass(t)) started.put(t.getUniqueId(), System.nanoTime());
            }
            public void executionSkipped(TestIdentifier t, String reason) {
                if (!t.isTest()) return;
                skipped.incrementAndGet();
                System.out.println("skip " + name(t) + ": " + reason);
            }
            public void executionFinished(TestIdentifier t, TestExecutionResult r) {
                boolean ok = r.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                if (isClass(t) && ok) {
                    System.out.printf("     %s took %.1f s%n", name(t), (System.nanoTime() - started.get(t.getUniqueId())) / 1e9);
                    return;
                }
                if (!t.isTest() && ok) return;
                (ok ? passed : failed).incrementAndGet();
                StringBuilder line = new StringBuilder(ok ? "ok   " : "FAIL ").append(name(t));
                if (!ok) r.getThrowable().ifPresent(e -> line.append("\n     ").append(String.valueOf(e).replace("\n", "\n     ")));
                System.out.println(line);
            }
        };
        long t0 = System.nanoTime();
        LauncherFactory.create().execute(request.build(), listener);
        System.out.printf("%n(%.0f s)%n", (System.nanoTime() - t0) / 1e9);
        System.out.println(passed + " passed, " + failed + " failed" + (skipped.get() > 0 ? ", " + skipped + " skipped" : ""));
        System.exit(failed.get() == 0 && passed.get() > 0 ? 0 : 1);
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
