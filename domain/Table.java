package domain;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Aligned tables for a terminal or a pipe. */
public final class Table {
    /** An aligned table; cut to the terminal's width when there is one. */
    public static void print(List<Model> models, Universe u, PrintStream out) {
        if (models.isEmpty()) {
            System.err.println("no models match");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "PROVIDER", "SCORE", "TIER", "IN $/1M", "OUT $/1M", "CONTEXT", "SERVED", "CAPABILITIES"});
        for (Model m : models) {
            List<String> caps = m.tags().stream().filter(Tags.CAPABILITIES::contains).toList();
            rows.add(new String[] {m.modelName(), m.provider(), m.popularity() == 0 ? "-" : String.valueOf(m.popularity()),
                    m.costTier().isEmpty() ? "-" : m.costTier(), money(m.inputCostPer1m()), money(m.outputCostPer1m()),
                    context(m.contextLength()), u.inConfig(m) ? "yes" : "no", String.join(",", caps)});
        }
        table(rows, Set.of(2, 4, 5, 6), true, out);
    }

    /** Cells come from providers and the config: keys are masked and control characters (ANSI escapes) never reach the terminal. */
    public static void table(List<String[]> rows, Set<Integer> rightAligned, boolean header, PrintStream out) {
        rows = rows.stream().map(r -> java.util.Arrays.stream(r).map(c -> Cli.clean(Cli.redact(c))).toArray(String[]::new)).toList();
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
        int width = terminalWidth();
        boolean colour = Cli.colour();
        for (int n = 0; n < rows.size(); n++) {
            StringBuilder sb = new StringBuilder();
            String[] r = rows.get(n);
            for (int i = 0; i < cols; i++) {
                String cell = i == cols - 1 ? r[i] : rightAligned.contains(i) ? " ".repeat(w[i] - r[i].length()) + r[i] : r[i] + " ".repeat(w[i] - r[i].length());
                sb.append(cell).append(i == cols - 1 ? "" : "  ");
            }
            String line = sb.toString().stripTrailing();
            if (width > 0 && line.length() > width) line = line.substring(0, Math.max(0, width - 1)) + "\u2026";
            out.println(header && n == 0 && colour ? "\033[1m" + line + "\033[0m" : line);
        }
    }

    /** The width of the terminal stdout is on (COLUMNS, which magi exports), or 0 for no cutting. */
    static int terminalWidth() {
        if (System.console() == null) return 0;
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String money(double perMillion) {
        return perMillion == 0 ? "0" : perMillion < 0.1 ? String.format("%.3f", perMillion) : String.format("%.2f", perMillion);
    }

    static String context(long tokens) {
        if (tokens <= 0) return "-";
        if (tokens < 1000) return String.valueOf(tokens);
        return tokens < 1_000_000 ? Math.round(tokens / 1000.0) + "k" : String.format("%.1f", tokens / 1e6).replace(".0", "") + "M";
    }
}
