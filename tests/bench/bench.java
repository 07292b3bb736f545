///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -Xmx2g
//DEPS com.eclipsesource.minimal-json:minimal-json:0.9.5
//SOURCES Reads.java Syncs.java ../support/FakeProvider.java ../support/Fixtures.java ../support/Project.java

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import support.FakeProvider;
import support.FakeProvider.Answer;
import support.Fixtures;
import support.Project;

/**
 * The benchmark: times the commands an operator types, side by side with what they are compared with, in scratch
 * installs against a loopback provider. Not a test: it prints medians, ratios and peak memory next to the goals of
 * issue 14, and always exits 0. Every measured command runs once per round, round after round, so a busy machine
 * slows all of them alike; the ratios are the figures to read.
 */
class bench {
    static final String USAGE = """
            usage: tests/bench/run [RUNS] [--base REF]

            Times, in scratch installs synced from a loopback provider serving the recorded catalog:
              - each read command (top, list, filter, search, recommend, and explain when the scripts have it)
                against tests/bench/reads.py doing the same in Python from the same files, and java -version;
              - sync 50 of the 356-model fixture, and syncs of synthetic catalogs of 1,000, 10,000 and 100,000 models.
            Each runs RUNS times (default 10; the large syncs a third as often), interleaved.

              --base REF   also time the scripts of git commit REF in their own install, for "now / base" ratios
                           (%s is where issue 14 started; default: none)
            """;
    /** The commit the speed work of issue 14 started from: "today's" code for the ratios. */
    static final String START = "955c60b";
    static final List<String> CODE = List.of("magi", "sync_models.java", "search_models.java", "domain", "config");
    static final String PEAK = "peak";

    record Install(String name, Project project, Map<String, String> env) {}
    record Sample(double seconds, long peakKb) {}

    public static void main(String[] args) throws Exception {
        int runs = 10;
        String base = "none";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.printf(USAGE, START);
                return;
            } else if (args[i].equals("--base") && i + 1 < args.length) base = args[++i];
            else if (args[i].matches("[1-9][0-9]{0,3}")) runs = Integer.parseInt(args[i]);
            else {
                System.err.println("tests/bench/run: error: RUNS is a number of runs from 1 to 9999, --base takes a commit (see --help)");
                System.exit(2);
            }
        }
        System.out.println("load before: " + load());
        Path jbangCache = Files.createTempDirectory("bench-jbang-cache"); // builds of other worktrees never race with ours
        List<Install> installs = new ArrayList<>();
        try (FakeProvider provider = new FakeProvider()) {
            provider.on("/api/v1/models", Answer.json(Fixtures.openRouter()));
            Map<String, String> env = Map.of("OPENROUTER_API_BASE", provider.base() + "/api/v1", "JBANG_CACHE_DIR", jbangCache.toString());
            installs.add(new Install("now", Project.copy(), new LinkedHashMap<>(env)));
            Project old = base.equals("none") ? null : baseInstall(base);
            if (old != null) installs.add(new Install("base", old, new LinkedHashMap<>(env)));
            System.out.println("warming up: builds the scripts and their class-data archives, and syncs each install...");
            for (Install in : installs) warmUp(in);
            Reads reads = Reads.measure(installs, runs);
            Syncs syncs = Syncs.measure(installs, provider, runs);
            reads.print();
            syncs.print();
            System.out.println();
            reads.goal();
            syncs.goal();
            System.out.println("load after: " + load());
        } finally {
            for (Install in : installs) in.project().close();
            delete(jbangCache);
        }
    }

    /** A scratch install holding the scripts of commit `ref` (magi, the scripts, domain/, config/), or null when git cannot give them. */
    static Project baseInstall(String ref) throws IOException, InterruptedException {
        Project p = Project.copy();
        for (String f : CODE) delete(p.dir.resolve(f));
        for (String f : List.of(".magi/launch", ".magi/cds")) delete(p.dir.resolve(f)); // the current scripts' launches: base builds its own
        List<String> cmd = new ArrayList<>(List.of("git", "-C", Project.SOURCE.toString(), "archive", "--format=tar", ref));
        cmd.addAll(CODE);
        Process git = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Process tar = new ProcessBuilder("tar", "-x", "-C", p.dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        git.getInputStream().transferTo(tar.getOutputStream());
        tar.getOutputStream().close();
        if (git.waitFor() != 0 || tar.waitFor() != 0) {
            System.out.println("no base: git cannot give the scripts of " + ref + "; only this worktree is timed");
            p.close();
            return null;
        }
        return p;
    }

    static void warmUp(Install in) {
        for (int i = 0; i < 2; i++) {
            run(in, Syncs.magi("sync", "50", "--quiet"));
            for (List<String> c : Reads.COMMANDS.values()) run(in, Reads.magi(c));
        }
    }

    static void delete(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Project.Result run(Install in, List<String> cmd) {
        Project.Result r = in.project().run(in.env(), cmd);
        if (r.code() != 0) throw new IllegalStateException(in.name() + ": " + String.join(" ", cmd) + " failed: " + r.all());
        return r;
    }

    /** Runs `cmd` in `in` once; with `peak`, under /usr/bin/time for the peak resident memory. */
    static Sample time(Install in, List<String> cmd, boolean peak) throws IOException {
        Path mem = Files.createTempFile("rss", ".txt");
        List<String> full = new ArrayList<>();
        if (peak) full.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", mem.toString()));
        full.addAll(cmd);
        long t0 = System.nanoTime();
        Project.Result r = in.project().run(in.env(), full);
        double s = (System.nanoTime() - t0) / 1e9;
        if (r.code() != 0) throw new IllegalStateException(in.name() + ": " + String.join(" ", cmd) + " failed: " + r.all());
        long kb = peak ? Long.parseLong(Files.readString(mem).strip().lines().reduce((a, b) -> b).orElse("0")) : 0;
        Files.delete(mem);
        return new Sample(s, kb);
    }

    static double median(List<Sample> samples) {
        List<Double> t = new ArrayList<>(samples.stream().map(Sample::seconds).toList());
        Collections.sort(t);
        return t.size() % 2 == 1 ? t.get(t.size() / 2) : (t.get(t.size() / 2 - 1) + t.get(t.size() / 2)) / 2;
    }

    static long peakMiB(List<Sample> samples) {
        return samples.stream().mapToLong(Sample::peakKb).max().orElse(0) / 1024;
    }

    static String ratio(double a, double b) { return b > 0 ? String.format("%.2fx", a / b) : "n/a"; }

    static void print(String title, List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        System.out.println();
        System.out.println(title);
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(String.format("%-" + w[0] + "s", r[0]));
            for (int i = 1; i < w.length; i++) sb.append("  ").append(String.format("%" + w[i] + "s", r[i]));
            System.out.println(sb.toString().stripTrailing());
        }
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
