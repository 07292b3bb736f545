///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -Xmx2g
//DEPS com.eclipsesource.minimal-json:minimal-json:0.9.5
//SOURCES ../support/FakeProvider.java ../support/Fixtures.java ../support/Project.java

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/**
 * The benchmark: times the commands an operator types, in a scratch install, against a loopback provider.
 * Not a test: it prints medians, spreads and peak memory next to the targets, and always exits 0.
 * Usage: tests/bench/run [RUNS]   (default 10 runs of each command after a warm-up)
 */
class bench {
    static final String USAGE = """
            usage: tests/bench/run [RUNS]

            Times, in a scratch install against a loopback provider, java -version, a Python top 10, ./magi models top 10,
            search, sync 50 of the recorded catalog and syncs of 1,000 to 100,000 models: the median and spread of RUNS
            runs each (default 10) after a warm-up, with peak memory, next to the targets. Not a test: it exits 0.""";

    record Sample(double seconds, long peakKb) {}

    static Project project;
    static Map<String, String> env;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        if (args.length > 1 || (args.length == 1 && !args[0].matches("[1-9][0-9]{0,3}"))) {
            System.err.println("tests/bench/run: error: RUNS is a number of runs from 1 to 9999 (see --help)");
            System.exit(2);
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        boolean rss = Files.isExecutable(Path.of("/usr/bin/time"));
        project = Project.copy();
        try (FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            env = new HashMap<>(Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1"));

            System.out.println("warming up (builds the scripts and their class-data archives)...");
            for (int i = 0; i < 2; i++) {
                run("./magi", "models", "sync", "50", "--quiet");
                run("./magi", "models", "top", "10");
                run("./magi", "models", "search", "--tag", "vision", "--cost", "budget", "--json");
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String[]> rows = new ArrayList<>();
            Map<String, Double> median = new HashMap<>();
            String[][] commands = {
                    {"java -version (the JVM's floor)", java, "-version"},
                    {"python3 top 10 of data/models.json", "python3", Project.SOURCE.resolve("tests/bench/top10.py").toString(), "data/models.json"},
                    {"./magi models top 10", "./magi", "models", "top", "10"},
                    {"./magi models search --tag vision --cost budget --json", "./magi", "models", "search", "--tag", "vision", "--cost", "budget", "--json"},
                    {"./magi models sync 50 (356-model fixture)", "./magi", "models", "sync", "50", "--quiet"},
            };
            for (String[] c : commands) median.put(c[0], measure(rows, runs, rss, c[0], List.of(c).subList(1, c.length)));
            for (int n : new int[] {1_000, 10_000, 100_000}) {
                // generated only now, so that making them does not compete with the measurements above
                provider.on("/synthetic-" + n + "/models", new Answer(200, Map.of(), synthetic(n), -1, 0));
                System.gc();
                env.put("OPENROUTER_API_BASE", provider.base() + "/synthetic-" + n);
                run("./magi", "models", "sync", "50", "--quiet", "--force");
                median.put("sync " + n, measure(rows, Math.max(3, runs / 3), rss, "./magi models sync 50 (" + n + " models)",
                        List.of("./magi", "models", "sync", "50", "--quiet", "--force")));
            }
            print(rows);
            double top = median.get("./magi models top 10"), py = median.get("python3 top 10 of data/models.json");
            System.out.println();
            System.out.printf("targets: top 10 %.3f s (<= 0.150), %.2fx python (<= 1.30); sync 50 %.3f s (<= 0.500); 100k sync %.2f s (<= 10); 100k/10k %.1f (<= 12)%n",
                    top, top / py, median.get("./magi models sync 50 (356-model fixture)"), median.get("sync 100000"),
                    median.get("sync 100000") / median.get("sync 10000"));
        } finally {
            project.close();
        }
    }

    /** Runs a command `runs` times; adds a row with its median, spread and peak memory; returns the median. */
    static double measure(List<String[]> rows, int runs, boolean rss, String name, List<String> cmd) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < runs; i++) samples.add(time(cmd, rss));
        List<Double> t = new ArrayList<>(samples.stream().map(Sample::seconds).toList());
        Collections.sort(t);
        List<Long> m = new ArrayList<>(samples.stream().map(Sample::peakKb).toList());
        Collections.sort(m);
        double med = t.get(t.size() / 2);
        rows.add(new String[] {name, String.format("%.3f", med), String.format("%.3f-%.3f", t.get(0), t.get(t.size() - 1)),
                rss ? String.format("%.0f", m.get(m.size() - 1) / 1024.0) : "n/a", String.valueOf(runs)});
        return med;
    }

    static Sample time(List<String> cmd, boolean rss) throws Exception {
        Path mem = Files.createTempFile("rss", ".txt");
        List<String> full = new ArrayList<>();
        if (rss) full.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", mem.toString()));
        full.addAll(cmd);
        long t0 = System.nanoTime();
        Project.Result r = project.run(env, full);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.code() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.all());
        long kb = rss ? Long.parseLong(Files.readString(mem).strip().lines().reduce((a, b) -> b).orElse("0")) : 0;
        Files.delete(mem);
        return new Sample(s, kb);
    }

    static void run(String... cmd) {
        Project.Result r = project.run(env, List.of(cmd));
        if (r.code() != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed: " + r.all());
    }

    static void print(List<String[]> rows) {
        rows.add(0, new String[] {"command", "median s", "min-max s", "peak MiB", "runs"});
        int[] w = new int[5];
        for (String[] r : rows) for (int i = 0; i < 5; i++) w[i] = Math.max(w[i], r[i].length());
        System.out.println();
        for (String[] r : rows)
            System.out.printf("%-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %" + w[4] + "s%n", (Object[]) r);
    }

    /** A catalog of n models in the real shape: the fixture's entries repeated under new ids, spread over two years. */
    static byte[] synthetic(int n) {
        JsonArray real = Json.parse(Fixtures.openRouter()).asObject().get("data").asArray();
        StringBuilder sb = new StringBuilder(n * 1800).append("{\"data\":[");
        for (int i = 0; i < n; i++) {
            JsonObject o = Json.parse(real.get(i % real.size()).toString()).asObject();
            String id = o.getString("id", "x/y");
            int colon = id.indexOf(':');
            String base = colon < 0 ? id : id.substring(0, colon), variant = colon < 0 ? "" : id.substring(colon);
            o.set("id", base + "-s" + i + variant).set("name", o.getString("name", "") + " #" + i);
            JsonValue created = o.get("created");
            if (created != null && created.isNumber()) o.set("created", created.asLong() - (i % 730) * 86_400L);
            if (i > 0) sb.append(',');
            sb.append(o);
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}
