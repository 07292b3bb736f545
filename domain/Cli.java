package domain;

import java.util.List;

/** Exit codes, one-line errors and stderr messages shared by both scripts. */
public final class Cli {
    public static final int OK = 0;
    /** The work failed: sync, no provider synced (config unchanged); verify, differences; status, no proxy. */
    public static final int FAILED = 1;
    public static final int USAGE = 2;
    /** sync: some providers synced, others failed and kept their entries. */
    public static final int PARTIAL = 3;
    /** The config or data file is unreadable, invalid or cannot be written. */
    public static final int BAD_FILE = 4;
    /** Another sync holds the lock. */
    public static final int BUSY = 5;

    /** A failure the operator can act on: printed as one line, never as a stack trace. */
    public static final class Failure extends RuntimeException {
        public final int code;
        public Failure(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static java.util.function.Supplier<List<String>> secretSource; // null until hide(); not List::of, see search_models
    private static volatile String[] secrets; // read by the sync's workers too (Providers.screened): made whole before it is seen
    private static String[] lowerSecrets; // secrets with A-Z in lower case, written before secrets (whose volatile write publishes it)
    private static boolean quiet;

    /** Values that are masked in every message this process prints; asked for once, at the first message. */
    public static void hide(java.util.function.Supplier<List<String>> values) {
        secretSource = values;
        secrets = null;
    }

    public static void quiet(boolean q) { quiet = q; }

    /**
     * `s` with every key masked: the key itself, its URL encoding (a key echoed in a query or cursor), and the
     * user:password part of any URL (a basic-auth password in OPENROUTER_API_BASE).
     */
    public static String redact(String s) {
        if (s == null) return "";
        String[] keys = secrets();
        for (int i = 0; i < keys.length; i++) if (s.length() >= keys[i].length()) s = s.replace(keys[i], "***");
        return maskUserInfo(s);
    }

    /*
     * What a terminal may be shown is scanned for by hand, not with java.util.regex: a pattern with a character
     * class links lambdas, which costs a read command more than its work (see search_models).
     */

    /** `s` with the user:password of every URL in it masked: `scheme://user:pass@` becomes `scheme://***@`. */
    static String maskUserInfo(String s) {
        int sep = s.indexOf("://");
        if (sep < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        int copied = 0;
        for (; sep >= 0; sep = s.indexOf("://", sep + 1)) {
            int start = sep;
            while (start > 0 && scheme(s.charAt(start - 1))) start--;
            while (start < sep && !letter(s.charAt(start))) start++; // a scheme starts with a letter
            int at = sep + 3;
            while (at < s.length() && s.charAt(at) != '/' && s.charAt(at) != '@' && !space(s.charAt(at))) at++;
            if (start == sep || start < copied || at >= s.length() || s.charAt(at) != '@') continue;
            out.append(s, copied, sep + 3).append("***@");
            copied = at + 1;
            sep = at;
        }
        return copied == 0 ? s : out.append(s, copied, s.length()).toString();
    }

    static boolean letter(char c) { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'; }
    static boolean scheme(char c) { return letter(c) || c >= '0' && c <= '9' || c == '+' || c == '.' || c == '-'; }
    /** What a regular expression's \\s is: space, tab, line feed, vertical tab, form feed, carriage return. */
    static boolean space(char c) { return c == ' ' || c >= '\t' && c <= '\r'; }

    /** A C0 or C1 control character (\\p{Cc}), or a bidirectional mark, embedding, override or isolate. */
    static boolean control(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u200e' || c == '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
    }

    /**
     * Whether `value` is a key, holds one, or holds its URL encoding, in capitals or not (a key of hex digits
     * upper-cased is still the key): such a value from a provider is refused.
     */
    public static boolean holdsSecret(String value) {
        if (value == null) return false;
        secrets(); // makes (and publishes) lowerSecrets too
        String text = asciiLower(value); // itself when it has no capital: a sync asks of 100,000 models
        for (String key : lowerSecrets) if (text.length() >= key.length() && text.contains(key)) return true;
        return false;
    }

    /** `s` with A-Z in lower case (and nothing else changed, so what holds a text still holds it); `s` itself when it has none. */
    static String asciiLower(String s) {
        for (int i = 0; i < s.length(); i++)
            if (s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
                char[] out = s.toCharArray();
                for (int j = i; j < out.length; j++) if (out[j] >= 'A' && out[j] <= 'Z') out[j] += 'a' - 'A';
                return new String(out);
            }
        return s;
    }

    /** `s`, or its first `max` characters and how many there were: for a message that echoes what a provider sent. */
    public static String shortened(String s, int max) {
        if (s.length() <= max) return s;
        int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, end) + "... (" + s.length() + " characters)";
    }

    /** Whether any of `values` holds a key. */
    public static boolean holdsSecret(List<String> values) {
        for (String v : values) if (holdsSecret(v)) return true;
        return false;
    }

    /** `s` for a terminal: control characters (ANSI escapes, line breaks) and bidirectional overrides become '?'. */
    public static String clean(String s) {
        if (s == null) return "";
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f || c == '\t') continue; // printable ASCII, tested here rather than in control(), a call per character
            if (control(c)) {
                if (out == null) out = s.toCharArray();
                out[i] = '?';
            }
        }
        return out == null ? s : new String(out);
    }

    /** JSON for a terminal: keys masked, and control or bidirectional characters inside strings written as \\u escapes (the same JSON). */
    public static String json(String json) {
        StringBuilder sb = new StringBuilder(json.length());
        int last = 0;
        for (int i = 0; i < json.length(); i++) { // JSON writers escape what is below U+0020: the other controls here
            char c = json.charAt(i);
            if (c < 0x7f || !control(c)) continue;
            String hex = Integer.toHexString(c);
            sb.append(json, last, i).append("\\u").append("0000", hex.length(), 4).append(hex);
            last = i + 1;
        }
        return redact(sb.append(json, last, json.length()).toString());
    }

    /** What a message may show of a URL: its scheme, host and port (no user, password, path or query). */
    public static String origin(java.net.URI u) {
        return u.getScheme() + "://" + (u.getHost() == null ? "?" : u.getHost()) + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** Every form a key may take in text: itself and its URL encoding, longest first (so a key holding another is masked whole). */
    private static String[] secrets() {
        if (secrets == null) {
            List<String> all = new java.util.ArrayList<>(); // loops, not a stream: read commands run no lambda (see search_models)
            for (String v : secretSource == null ? List.<String>of() : secretSource.get())
                for (String form : new String[] {v, urlEncoded(v)}) {
                    if (all.contains(form)) continue;
                    int at = 0;
                    while (at < all.size() && all.get(at).length() >= form.length()) at++;
                    all.add(at, form);
                }
            String[] lower = new String[all.size()];
            for (int i = 0; i < lower.length; i++) lower[i] = asciiLower(all.get(i));
            lowerSecrets = lower;
            secrets = all.toArray(new String[0]);
        }
        return secrets;
    }

    /** `v` as URLEncoder encodes it; URLEncoder itself only when it would change `v` (loading it costs a read command 0.3 ms). */
    static String urlEncoded(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!(letter(c) || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '*' || c == '_'))
                return java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8);
        }
        return v;
    }

    /** Progress: stderr, silenced by --quiet. */
    public static void info(String msg) { if (!quiet) System.err.println(clean(redact(msg))); }
    public static void warn(String msg) { System.err.println(paint("33", "warning: ") + clean(redact(msg))); }
    public static void error(String prog, String msg) { System.err.println(prog + ": " + paint("31", "error: ") + clean(redact(msg))); }

    /** Colour only for a terminal, and never with NO_COLOR set to anything but empty (no-color.org). */
    public static boolean colour() {
        return System.console() != null && (System.getenv("NO_COLOR") == null || System.getenv("NO_COLOR").isEmpty()) && !"dumb".equals(System.getenv("TERM"));
    }

    public static String paint(String sgr, String s) { return colour() ? "\033[" + sgr + "m" + s + "\033[0m" : s; }

    /** What `f` gives; what it threw is thrown as it was (a Cli.Failure stays one line with its exit code). */
    public static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Runs a script's body and exits with its code. Output that could not all be written (a full disk, a file
     * size limit) fails the command; a reader that stopped reading (`| head`) does not.
     */
    public static void main(String prog, Body body) {
        Stdout stdout = new Stdout();
        System.setOut(new java.io.PrintStream(new java.io.BufferedOutputStream(stdout, 128), true,
                java.nio.charset.Charset.forName(System.getProperty("sun.stdout.encoding", "UTF-8"))));
        int code = run(prog, body);
        System.out.flush();
        if (stdout.failure != null && !stdout.readerGone() && (code == OK || code == PARTIAL)) {
            error(prog, "cannot write to standard output (" + stdout.failure + ")");
            code = FAILED;
        }
        Http.release();
        System.exit(code);
    }

    /** The standard output, keeping why a write failed: PrintStream keeps only that one did. */
    static final class Stdout extends java.io.FileOutputStream {
        volatile String failure;

        Stdout() { super(java.io.FileDescriptor.out); }

        /**
         * Whether the write failed because the reader is gone (`| head`): a pipe, named pipe or socket fails for no
         * other reason but a full one that was left non-blocking (EAGAIN, told by its message). The message, which
         * follows the locale, decides alone only where /proc cannot say what stdout is.
         */
        boolean readerGone() {
            String why = failure.toLowerCase(java.util.Locale.ROOT);
            if (why.contains("temporarily unavailable")) return false;
            try {
                java.nio.file.Path out = java.nio.file.Path.of("/proc/self/fd/1");
                String target = java.nio.file.Files.readSymbolicLink(out).toString();
                return target.startsWith("pipe:") || target.startsWith("socket:") || ((Integer) java.nio.file.Files.getAttribute(out, "unix:mode") & 0170000) == 0010000;
            } catch (java.io.IOException | RuntimeException e) {
                return why.contains("broken pipe");
            }
        }

        @Override public void write(int b) throws java.io.IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override public void write(byte[] b, int off, int len) throws java.io.IOException {
            try {
                super.write(b, off, len);
            } catch (java.io.IOException e) {
                if (failure == null) failure = String.valueOf(e.getMessage());
                throw e;
            }
        }
    }

    /** Runs a script's body; turns failures into one line and an exit code. */
    public static int run(String prog, Body body) {
        try {
            return body.run();
        } catch (Failure f) {
            error(prog, f.getMessage());
            return f.code;
        } catch (RuntimeException e) {
            error(prog, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return FAILED;
        } catch (OutOfMemoryError e) {
            error(prog, "out of memory; nothing written");
            return FAILED;
        } catch (StackOverflowError e) { // JSON or YAML nested past what a parser's recursion can take
            error(prog, "an answer or file is nested too deeply to read; nothing written");
            return FAILED;
        } catch (LinkageError e) { // a jar in jbang's cache that a killed or concurrent build left incomplete
            error(prog, "this build of " + prog + " is broken (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); run ./magi jbang cache clear, then the command again");
            return FAILED;
        }
    }

    public interface Body { int run() throws Failure; }

    /**
     * The value after `flag` at args[i]: there, and not another option (`--config --dry-run` is a missing path,
     * never a file named --dry-run); "-" (stdin, stdout) is a value.
     */
    public static String value(List<String> args, int i) {
        String flag = args.get(i), v = i + 1 < args.size() ? args.get(i + 1) : null;
        if (v == null || v.startsWith("-") && !v.equals("-")) throw new Failure(USAGE, flag + " needs a value" + (v == null ? "" : ", got the option " + v));
        return v;
    }

    /** A whole number >= 0 from the command line or the environment; 0 means "all". */
    public static int count(String what, String value) { return number(what, value, 0, Integer.MAX_VALUE, "a whole number >= 0 (0 means all)"); }

    /** A whole number from min to max in ASCII digits (Integer.parseInt takes any script's), or a failure: `what` must be `meaning`. */
    public static int number(String what, String value, int min, int max, String meaning) {
        String v = value.strip();
        boolean ascii = !v.isEmpty() && v.length() <= 10;
        for (int i = 0; i < v.length(); i++) ascii &= v.charAt(i) >= '0' && v.charAt(i) <= '9';
        long n = ascii ? Long.parseLong(v) : -1;
        if (n >= min && n <= max) return (int) n;
        throw new Failure(USAGE, what + " must be " + meaning + ", got '" + clean(value) + "'");
    }

    /**
     * The file an argument or setting names, or a one-line failure with `code`: no file name holds a NUL byte, and
     * a U+FFFD means the name's bytes were not text in the locale's encoding, so Java would read or create another
     * file than the one meant.
     */
    public static java.nio.file.Path path(String name, int code) {
        if (name.indexOf('\0') >= 0) throw new Failure(code, "cannot use the path '" + name + "': a file name cannot hold a NUL byte");
        try {
            if (name.indexOf('\uFFFD') < 0) return java.nio.file.Path.of(name);
        } catch (java.nio.file.InvalidPathException e) { // a character the locale's encoding lacks (é in the C locale)
        }
        String encoding = System.getProperty("sun.jnu.encoding");
        throw new Failure(code, "cannot use the path '" + name + "': it is not text in this locale's encoding (" + encoding + "); rename it"
                + (encoding.equals("UTF-8") ? "" : ", or run with a UTF-8 locale (LC_ALL=C.UTF-8)"));
    }

    /** The closest candidate by edit distance, for "did you mean" hints. */
    public static String closest(String word, List<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        String w = word.toLowerCase(java.util.Locale.ROOT); // VISION is a typo of vision too
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestD) { bestD = d; best = c; }
        }
        return bestD <= Math.max(2, word.length() / 2) ? best : null;
    }

    /** `word` is no `what`: with the closest of `candidates`, or, when none is close and they are few, all of them. */
    public static String unknown(String what, String word, List<String> candidates) {
        String hint = closest(word, candidates);
        return "unknown " + what + " '" + word + "'" + (hint != null ? "; did you mean '" + hint + "'?"
                : candidates.size() <= 10 && !candidates.isEmpty() ? "; one of " + String.join(", ", candidates) : "");
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++)
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
