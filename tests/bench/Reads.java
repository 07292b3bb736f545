import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The read commands, each timed beside tests/bench/reads.py doing the same from the same files, and beside
 * java -version, the JVM's floor. Goal: each at most 1.0x Python.
 *
 * Python is the python3 on PATH, run as its real executable (a version manager's shim in front of it costs more
 * than the script), and the same interpreter with -S: without the site hooks an installation may add (this
 * machine's imports certifi at every start), which is Python's own floor.
 */
final class Reads {
    static final Map<String, List<String>> COMMANDS = new LinkedHashMap<>();
    static {
        COMMANDS.put("top 10", List.of("top", "10"));
        COMMANDS.put("list", List.of("list"));
        COMMANDS.put("filter vision 20", List.of("filter", "vision", "20"));
        COMMANDS.put("search --tag vision --cost budget --json", List.of("search", "--tag", "vision", "--cost", "budget", "--json"));
        COMMANDS.put("recommend", List.of("recommend"));
    }
    static final String PYTHON = "python", BARE = "python -S";

    /** Per command, the samples of each variant: python, python -S, then the installs (now, base). */
    final Map<String, Map<String, List<bench.Sample>>> samples = new LinkedHashMap<>();
    final List<String> variants = new ArrayList<>(List.of(PYTHON, BARE));
    final List<bench.Sample> floor = new ArrayList<>();
    String interpreter;

    static List<String> magi(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("./magi", "models"));
        cmd.addAll(args);
        return cmd;
    }

    /** The commands this install's scripts have: explain NAME (the best model) once they have explain. */
    static Map<String, List<String>> commands(bench.Install now) {
        Map<String, List<String>> out = new LinkedHashMap<>(COMMANDS);
        String json = now.project().read(now.project().data("models.json"));
        String name = com.eclipsesource.json.Json.parse(json).asObject().get("models").asArray().get(0).asObject().getString("model_name", "");
        List<String> explain = List.of("explain", name);
        if (now.project().run(now.env(), magi(explain)).code() == 0) out.put("explain " + name, explain);
        return out;
    }

    static Reads measure(List<bench.Install> installs, int runs) throws Exception {
        bench.Install now = installs.get(0);
        Map<String, List<String>> commands = commands(now);
        Reads r = new Reads();
        installs.forEach(in -> r.variants.add(in.name()));
        r.interpreter = bench.run(now, List.of("python3", "-c", "import sys; print(sys.executable, sys.version.split()[0])")).out().strip();
        String python = r.interpreter.substring(0, r.interpreter.lastIndexOf(' ')), script = support.Project.SOURCE.resolve("tests/bench/reads.py").toString();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        commands.keySet().forEach(c -> r.samples.put(c, new LinkedHashMap<>()));
        for (int i = 0; i < runs; i++) {
            r.floor.add(bench.time(now, List.of(java, "-version"), false));
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                for (String variant : List.of(PYTHON, BARE)) {
                    List<String> py = new ArrayList<>(variant.equals(BARE) ? List.of(python, "-S", script, ".") : List.of(python, script, "."));
                    py.addAll(c.getValue());
                    r.add(c.getKey(), variant, bench.time(now, py, false));
                }
                for (bench.Install in : installs)
                    if (!c.getKey().startsWith("explain") || in == now) r.add(c.getKey(), in.name(), bench.time(in, magi(c.getValue()), false));
            }
        }
        return r;
    }

    void add(String command, String variant, bench.Sample s) {
        samples.get(command).computeIfAbsent(variant, k -> new ArrayList<>()).add(s);
    }

    double median(String command, String variant) {
        List<bench.Sample> s = samples.get(command).get(variant);
        return s == null ? 0 : bench.median(s);
    }

    void print() {
        List<String[]> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("command", "python s", "python -S s"));
        for (String v : variants.subList(2, variants.size())) head.addAll(List.of("magi " + v + " s", v + "/python", v + "/python -S"));
        rows.add(head.toArray(String[]::new));
        for (String c : samples.keySet()) {
            List<String> row = new ArrayList<>(List.of(c, String.format("%.3f", median(c, PYTHON)), String.format("%.3f", median(c, BARE))));
            for (String v : variants.subList(2, variants.size())) {
                double m = median(c, v);
                row.addAll(m == 0 ? List.of("n/a", "", "") : List.of(String.format("%.3f", m), bench.ratio(m, median(c, PYTHON)), bench.ratio(m, median(c, BARE))));
            }
            rows.add(row.toArray(String[]::new));
        }
        bench.print("read commands: median of " + floor.size() + " interleaved runs; python is " + interpreter + "; java -version (the JVM's floor) "
                + String.format("%.3f s", bench.median(floor)), rows);
    }

    void goal() {
        List<String> over = new ArrayList<>();
        double worst = 0;
        for (String c : samples.keySet()) {
            if (median(c, "now") > median(c, PYTHON)) over.add(c + " " + bench.ratio(median(c, "now"), median(c, PYTHON)));
            worst = Math.max(worst, median(c, "now") - bench.median(floor));
        }
        System.out.println("goal: every read command <= 1.00x python: " + (over.isEmpty() ? "met" : "not met (" + String.join(", ", over) + ")")
                + String.format("; the slowest is java -version + %.3f s", worst));
    }
}
