package domain;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Aligned tables for a terminal or a pipe. */
public final class Table {
    /** The columns the models table keeps at any width: NAME through SERVED. */
    static final int SERVED = 7;
    /** The fewest characters a shortened name keeps. */
    static final int MIN_NAME = 12;

    /**
     * A model's row of the models table, its cells cleaned for a terminal (keys are masked when it is printed). The
     * index keeps each model's row, made when it is written: a read command formats no number and decodes no model
     * to print a table (both cost its interpreting JVM more than the rest of its work).
     */
    public static List<String> row(Model m, boolean served) {
        StringBuilder caps = new StringBuilder();
        for (String t : m.tags()) if (Tags.CAPABILITIES.contains(t)) (caps.isEmpty() ? caps : caps.append(',')).append(t);
        return List.of(Cli.clean(m.modelName()), Cli.clean(m.provider()), m.popularity() == 0 ? "-" : String.valueOf(m.popularity()),
                m.priced() ? Cli.clean(m.costTier()) : "-", m.priced() ? money(m.inputCostPer1m()) : "-", m.priced() ? money(m.outputCostPer1m()) : "-",
                context(m.contextLength()), served ? "yes" : "no", caps.toString());
    }

    /**
     * An aligned table of models' rows (row()). On a terminal too narrow for it, the names are shortened so that
     * every column through SERVED stays whole; CAPABILITIES, the last column, is cut at the edge.
     */
    public static void print(List<List<String>> rows, PrintStream out) {
        print(rows, out, terminalWidth());
    }

    static void print(List<List<String>> rows, PrintStream out, int width) {
        if (rows.isEmpty()) {
            System.err.println("no models match");
            return;
        }
        List<String[]> cells = new ArrayList<>(rows.size() + 1);
        cells.add(new String[] {"NAME", "PROVIDER", "SCORE", "TIER", "IN $/1M", "OUT $/1M", "CONTEXT", "SERVED", "CAPABILITIES"});
        for (List<String> r : rows) {
            String[] row = r.toArray(new String[0]);
            for (int i = 0; i < row.length; i++) row[i] = Cli.redact(row[i]); // cleaned already
            cells.add(row);
        }
        fitNames(cells, width, SERVED); // after masking: shortened, a name could show part of a key
        StringBuilder text = new StringBuilder();
        layout(cells, Set.of(2, 4, 5, 6), true, text, width);
        out.print(text); // one write: a PrintStream on stdout flushes at every println
    }

    /** Shortens the names (column 0; column 1 is the provider) so that columns 0 through `keep` fit `width` (0: any). */
    static void fitNames(List<String[]> rows, int width, int keep) {
        if (width <= 0) return;
        int[] w = widths(rows);
        int through = 0, total = 0;
        for (int i = 0; i < w.length; i++) {
            total += w[i] + (i == 0 ? 0 : 2);
            if (i == keep) through = total;
        }
        if (total <= width || through < width) return; // whole, or cut after `keep` (the cut's mark needs one column)
        int name = Math.max(MIN_NAME, w[0] - (through - (width - 1)));
        for (int n = 1; n < rows.size(); n++) rows.get(n)[0] = shorten(rows.get(n)[0], rows.get(n)[1], name);
    }

    /** A name in at most `width` characters: the provider prefix the PROVIDER column repeats goes first, then the middle. */
    static String shorten(String name, String provider, int width) {
        if (name.length() <= width) return name;
        String s = name.startsWith(provider + "/") ? "\u2026" + name.substring(provider.length() + 1) : name;
        if (s.length() <= width) return s;
        int head = (width - 1) / 2, tail = width - 1 - head;
        return s.substring(0, head) + "\u2026" + s.substring(s.length() - tail);
    }

    static int[] widths(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        return w;
    }

    /** An aligned table for the terminal stdout is on, added to `text` (printed in one write with the rest of a command's output). */
    public static void table(List<String[]> rows, Set<Integer> rightAligned, boolean header, StringBuilder text) {
        table(rows, rightAligned, header, text, terminalWidth());
    }

    /**
     * An aligned table; each line cut at `width` (0: not cut). Cells come from providers and the config: keys are
     * masked and control characters (ANSI escapes) never reach the terminal.
     */
    static void table(List<String[]> rows, Set<Integer> rightAligned, boolean header, StringBuilder text, int width) {
        List<String[]> shown = new ArrayList<>(rows.size()); // loops, not streams: see search_models
        for (String[] r : rows) {
            String[] cells = new String[r.length];
            for (int i = 0; i < r.length; i++) cells[i] = Cli.clean(Cli.redact(r[i]));
            shown.add(cells);
        }
        layout(shown, rightAligned, header, text, width);
    }

    /** Cells masked and cleaned, aligned, added to `text`; each line cut at `width` (0: not cut). */
    static void layout(List<String[]> rows, Set<Integer> rightAligned, boolean header, StringBuilder text, int width) {
        int cols = rows.get(0).length;
        int[] w = widths(rows);
        boolean[] right = new boolean[cols]; // looked up once, not per cell
        for (int i = 0; i < cols - 1; i++) right[i] = rightAligned.contains(i);
        boolean colour = Cli.colour();
        StringBuilder sb = new StringBuilder();
        for (int n = 0; n < rows.size(); n++) {
            sb.setLength(0);
            String[] r = rows.get(n);
            for (int i = 0; i < cols; i++) {
                if (right[i]) spaces(sb, w[i] - r[i].length());
                sb.append(r[i]);
                if (i == cols - 1) break;
                spaces(sb, right[i] ? 2 : w[i] - r[i].length() + 2);
            }
            int end = sb.length();
            while (end > 0 && Character.isWhitespace(sb.charAt(end - 1))) end--; // as String.stripTrailing
            sb.setLength(end);
            if (width > 0 && sb.length() > width) {
                sb.setLength(Math.max(0, width - 1));
                sb.append('\u2026');
            }
            if (header && n == 0 && colour) text.append("\033[1m").append(sb).append("\033[0m\n");
            else text.append(sb).append('\n');
        }
    }

    static void spaces(StringBuilder sb, int n) {
        while (n > 0) { // a run at a time: an interpreting JVM pays for every call
            int run = Math.min(n, SPACES.length());
            sb.append(SPACES, 0, run);
            n -= run;
        }
    }

    static final String SPACES = " ".repeat(64);

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
        return perMillion == 0 ? "0" : decimals(perMillion, perMillion < 0.1 ? 3 : 2);
    }

    static String context(long tokens) {
        if (tokens <= 0) return "-";
        if (tokens < 1000) return String.valueOf(tokens);
        return tokens < 1_000_000 ? Math.round(tokens / 1000.0) + "k" : decimals(tokens / 1e6, 1).replace(".0", "") + "M";
    }

    /** What String.format("%,d") prints in an English locale: 1,000,000. */
    static String grouped(long n) {
        StringBuilder digits = new StringBuilder(Long.toString(n));
        for (int at = digits.length() - 3; at > (n < 0 ? 1 : 0); at -= 3) digits.insert(at, ',');
        return digits.toString();
    }

    /** `s` padded with spaces to `width`: on the right (left-aligned), or on the left. */
    static String pad(String s, int width, boolean left) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return left ? s + spaces : spaces + s;
    }

    /**
     * What String.format("%.Nf") prints in an English locale, for 0 <= v < 1e12 and N <= 3, without its cost: the
     * first format of a JVM loads the locale data, and BigDecimal's first use costs a read command (which its JVM
     * interprets) half a millisecond. The format rounds half up from the shortest decimal that stands for v (what
     * Double.toString prints). Only a value next to a tie needs a closer look: that decimal is the tie exactly when v
     * is the double nearest to it, is above it when v is above that double, and below it when v is below.
     */
    static String decimals(double v, int places) {
        if (!(v >= 0 && v < 1e12) || places > 3) return BigDecimal.valueOf(v).setScale(places, RoundingMode.HALF_UP).toPlainString();
        double scale = Math.pow(10, places), scaled = v * scale, floor = Math.floor(scaled);
        long digits = Math.abs(scaled - floor - 0.5) < 1e-6 ? (long) floor + (v >= (floor + 0.5) / scale ? 1 : 0) : Math.round(scaled);
        StringBuilder text = new StringBuilder(Long.toString(digits));
        while (text.length() <= places) text.insert(0, '0');
        return places == 0 ? text.toString() : text.insert(text.length() - places, '.').toString();
    }
}
