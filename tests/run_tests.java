///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS org.junit.jupiter:junit-jupiter:5.14.1
//DEPS org.junit.platform:junit-platform-launcher:1.14.1
//SOURCES ../sync_models.java ../search_models.java
//SOURCES support/FakeProvider.java support/Fixtures.java support/Project.java support/LoopbackSync.java
//SOURCES *Test.java domain/*.java

import java.nio.file.Path;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs every test class (or those whose names contain an argument) and closes with "N passed, N failed". */
class run_tests {
    public static void main(String[] args) throws Exception {
        Path jar = Path.of(run_tests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var request = LauncherDiscoveryRequestBuilder.request().selectors(DiscoverySelectors.selectClasspathRoots(java.util.Set.of(jar)));
        if (args.length > 0)
            request.filters(org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns(
                    List.of(args).stream().map(a -> ".*" + a + ".*").toArray(String[]::new)));
        int[] counts = new int[3];
        TestExecutionListener listener = new TestExecutionListener() {
            public void executionSkipped(TestIdentifier t, String reason) {
                if (!t.isTest()) return;
                counts[2]++;
                System.out.println("skip " + t.getDisplayName() + ": " + reason);
            }
            public void executionFinished(TestIdentifier t, TestExecutionResult r) {
                if (!t.isTest() && r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) return;
                String name = t.getUniqueIdObject().getSegments().stream().filter(s -> s.getType().equals("class"))
                        .map(s -> s.getValue().replaceAll(".*\\.", "")).findFirst().orElse("") + " > " + t.getDisplayName();
                if (r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    counts[0]++;
                    System.out.println("ok   " + name);
                } else {
                    counts[1]++;
                    System.out.println("FAIL " + name);
                    r.getThrowable().ifPresent(e -> System.out.println("     " + String.valueOf(e).replace("\n", "\n     ")));
                }
            }
        };
        LauncherFactory.create().execute(request.build(), listener);
        System.out.println();
        System.out.println(counts[0] + " passed, " + counts[1] + " failed" + (counts[2] > 0 ? ", " + counts[2] + " skipped" : ""));
        System.exit(counts[1] == 0 && counts[0] > 0 ? 0 : 1);
    }
}
