import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import support.FakeProvider;

/**
 * Syncs: 50 entries from the recorded 356-model catalog, and from synthetic catalogs of 1,000, 10,000 and 100,000
 * models, with peak resident memory. Goals: sync 50 <= 0.45 s and <= 0.8x base; 100k <= 5 s and <= 256 MiB; linear.
 */
final class Syncs {
    static final String FIXTURE = "sync 50 (356-model fixture)";
    static final int[] SIZES = {1_000, 10_000, 100_000};
    static final boolean PEAK = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/time"));

    /** Per row, the samples of each install. */
    final Map<String, Map<String, List<bench.Sample>>> samples = new LinkedHashMap<>();
    final List<String> installs = new ArrayList<>();

    static List<String> magi(String... args) {
        List<String> cmd = new ArrayList<>(List.of("./magi", "models"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Syncs measure(List<bench.Install> installs, FakeProvider provider, int runs) throws Exception {
        Syncs s = new Syncs();
        installs.forEach(in -> s.installs.add(in.name()));
        s.interleave(FIXTURE, installs, runs, magi("sync", "50", "--quiet"));
        for (int n : SIZES) {
            // generated only now, so that making them does not compete with the measurements above
            provider.on("/synthetic-" + n + "/models", new FakeProvider.Answer(200, Map.of(), bench.synthetic(n), -1, 0));
            System.gc();
            for (bench.Install in : installs) {
                in.env().put("OPENROUTER_API_BASE", provider.base() + "/synthetic-" + n);
                bench.run(in, magi("sync", "50", "--quiet", "--force"));
            }
            s.interleave(label(n), installs, Math.max(3, runs / 3), magi("sync", "50", "--quiet", "--force"));
        }
        return s;
    }

    static String label(int n) { return String.format("sync 50 of %,d models", n); }

    void interleave(String row, List<bench.Install> installs, int runs, List<String> cmd) throws Exception {
        Map<String, List<bench.Sample>> m = samples.computeIfAbsent(row, k -> new LinkedHashMap<>());
        for (int i = 0; i < runs; i++)
            for (bench.Install in : installs) m.computeIfAbsent(in.name(), k -> new ArrayList<>()).add(bench.time(in, cmd, PEAK));
    }

    double median(String row, String install) {
        List<bench.Sample> s = samples.get(row).get(install);
        return s == null ? 0 : bench.median(s);
    }

    void print() {
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("command"));
        for (String in : installs) head.addAll(List.of(in + " s", in + " peak MiB"));
        if (installs.size() > 1) head.add("now/base");
        rows.add(head.toArray(String[]::new));
        for (String row : samples.keySet()) {
            List<String> cells = new ArrayList<>(List.of(row));
            for (String in : installs)
                cells.addAll(List.of(String.format("%.3f", median(row, in)), PEAK ? String.valueOf(bench.peakMiB(samples.get(row).get(in))) : "n/a"));
            if (installs.size() > 1) cells.add(bench.ratio(median(row, "now"), median(row, "base")));
            rows.add(cells.toArray(String[]::new));
        }
        List<String> growth = new ArrayList<>();
        for (String in : installs) growth.add(in + " " + bench.ratio(median(label(100_000), in), median(label(10_000), in)));
        bench.print("syncs: median of " + samples.get(FIXTURE).get("now").size() + " interleaved runs (the synthetic ones: "
                + samples.get(label(SIZES[0])).get("now").size() + "); 10k -> 100k: " + String.join(", ", growth), rows);
    }

    void goal() {
        double s50 = median(FIXTURE, "now"), base = median(FIXTURE, "base"), big = median(label(100_000), "now");
        long peak = bench.peakMiB(samples.get(label(100_000)).get("now"));
        System.out.printf("goal: sync 50 <= 0.45 s: %.3f s; <= 0.80x base: %s; 100k <= 5 s: %.2f s; <= 256 MiB: %s; "
                        + "linear (10k -> 100k <= 10x): %s%n", s50, base == 0 ? "n/a" : bench.ratio(s50, base), big,
                PEAK ? peak + " MiB" : "n/a", bench.ratio(big, median(label(10_000), "now")));
    }
}
