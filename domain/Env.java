package domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Settings from the process environment, falling back to the project's .env (read as docker compose reads it). */
public final class Env {
    private final Map<String, String> dotenv;
    private final Map<String, String> process;
    public final Path home;

    public Env(Path home, Map<String, String> process) {
        this.home = home;
        this.process = process;
        Path file = home.resolve(".env");
        this.dotenv = file.toFile().isFile() ? parseFile(file) : Map.of(); // java.io: NIO's attributes cost a read command a quarter of a millisecond
    }

    /** The project folder: MAGI_HOME when magi set it, else the working directory. */
    public static Env load() {
        String home = System.getenv("MAGI_HOME");
        return new Env(Cli.path(home == null || home.isBlank() ? "." : home, Cli.BAD_FILE).toAbsolutePath().normalize(), System.getenv());
    }

    /** The value, or null when unset. An empty value counts as unset: `LIMIT=` means "use the default". */
    public String get(String name) {
        String v = process.containsKey(name) ? process.get(name) : dotenv.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    public String get(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** OPENROUTER_MODEL_LIMIT: how many OpenRouter entries a sync writes and `list` shows; 50 when unset, 0 = all. */
    public int modelLimit() {
        String v = get("OPENROUTER_MODEL_LIMIT");
        return v == null ? 50 : Cli.count("OPENROUTER_MODEL_LIMIT", v);
    }

    public Path path(String name, String fallback) {
        return home.resolve(Cli.path(get(name, fallback), Cli.BAD_FILE));
    }

    /**
     * Every value that must never be shown: anything whose name says it is a key, secret, token or password, and
     * the user:password part of any URL (a basic-auth password in OPENROUTER_API_BASE).
     */
    public java.util.List<String> secrets() {
        var out = new java.util.ArrayList<String>(); // loops, no lambda nor regex: read commands mask their tables (see Cli)
        for (Map.Entry<String, String> e : process.entrySet()) secrets(e.getKey(), e.getValue(), out);
        for (Map.Entry<String, String> e : dotenv.entrySet()) if (!process.containsKey(e.getKey())) secrets(e.getKey(), e.getValue(), out);
        return out;
    }

    static void secrets(String name, String value, java.util.List<String> out) {
        if (value == null) return;
        String v = value.strip();
        if (v.length() >= 4 && secretName(name)) out.add(v);
        if (v.indexOf("://") > 0) {
            for (String part : userInfo(v)) if (part != null && part.length() >= 4) out.add(part);
        } else if (name.regionMatches(true, name.length() - 6, "_PROXY", 0, 6) && v.lastIndexOf('@') > 0) { // user:password@host, as curl takes it
            String login = v.substring(0, v.lastIndexOf('@'));
            if (login.length() >= 4) out.add(login);
            if (login.indexOf(':') >= 0 && login.length() - login.indexOf(':') > 4) out.add(login.substring(login.indexOf(':') + 1));
        }
    }

    /** A name that says KEY, SECRET, TOKEN or PASSWORD, in any case (looked for where a letter could start one). */
    static boolean secretName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = (char) (name.charAt(i) & ~0x20); // upper case, for letters
            if (c == 'K' && name.regionMatches(true, i, "KEY", 0, 3) || c == 'S' && name.regionMatches(true, i, "SECRET", 0, 6)
                    || c == 'T' && name.regionMatches(true, i, "TOKEN", 0, 5) || c == 'P' && name.regionMatches(true, i, "PASSWORD", 0, 8))
                return true;
        }
        return false;
    }

    /**
     * The user:password and the password of a value that starts `scheme://user:password@` (either may be null):
     * what `[A-Za-z][A-Za-z0-9+.-]*://([^/@:\\s]*(?::([^/@\\s]*))?)@` matches at its start.
     */
    static String[] userInfo(String v) {
        int sep = v.indexOf("://");
        if (sep < 1 || !Cli.letter(v.charAt(0))) return new String[2];
        for (int i = 1; i < sep; i++) if (!Cli.scheme(v.charAt(i))) return new String[2];
        int user = sep + 3, i = user;
        while (i < v.length() && v.charAt(i) != '/' && v.charAt(i) != '@' && v.charAt(i) != ':' && !Cli.space(v.charAt(i))) i++;
        int colon = -1;
        if (i < v.length() && v.charAt(i) == ':') {
            colon = i++;
            while (i < v.length() && v.charAt(i) != '/' && v.charAt(i) != '@' && !Cli.space(v.charAt(i))) i++;
        }
        if (i >= v.length() || v.charAt(i) != '@') return new String[2];
        return new String[] {v.substring(user, i), colon < 0 ? null : v.substring(colon + 1, i)};
    }

    Map<String, String> parseFile(Path file) {
        try {
            return parse(Files.readString(file), process);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Cli.Failure(Cli.USAGE, "cannot read " + file + ": it is not UTF-8 text");
        } catch (IOException e) {
            throw new Cli.Failure(Cli.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * A .env file as docker compose reads it: `KEY=value` or `export KEY=value` (any blanks after export), `#`
     * comment lines; unquoted values end at the line's end or at ` #`; 'single' quotes are literal; "double"
     * quotes take \n \t \r \\ \" \$ escapes; quoted values may span lines; `$VAR`, `${VAR}`, `${VAR:-default}`,
     * `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?error}` and `$$` in unquoted and double-quoted values,
     * looked up in the environment, then in the lines above.
     */
    static Map<String, String> parse(String text, Map<String, String> process) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        java.util.function.Function<String, String> lookup = new Lookup(process, out);
        String src = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int i = 0;
        while (true) {
            while (i < src.length() && Character.isWhitespace(src.charAt(i))) i++;
            if (i >= src.length()) return out;
            if (src.charAt(i) == '#') {
                int nl = src.indexOf('\n', i);
                if (nl < 0) return out;
                i = nl;
                continue;
            }
            int line = lineOf(src, i);
            if (src.startsWith("export", i) && i + 6 < src.length() && (src.charAt(i + 6) == ' ' || src.charAt(i + 6) == '\t')) i += 6;
            while (i < src.length() && blank(src.charAt(i))) i++;
            int k = i;
            while (i < src.length() && "=:\n".indexOf(src.charAt(i)) < 0) i++;
            String key = src.substring(k, i).strip();
            if (!variableName(key)) // never the text itself, not a word of it: a key pasted alone, or with a comment after it
                throw new Cli.Failure(Cli.USAGE, ".env line " + line + ": not NAME=value (a space where the '=' belongs?)");
            if (i >= src.length() || src.charAt(i) == '\n') continue; // a bare name takes the environment's value
            i++;
            while (i < src.length() && blank(src.charAt(i))) i++;
            char q = i < src.length() ? src.charAt(i) : 0;
            if (q == '\'' || q == '"') {
                int end = closingQuote(src, i, line);
                String raw = unescapeQuote(src.substring(i + 1, end), q);
                out.put(key, q == '\'' ? raw : expand(escapes(raw), lookup, line));
                i = end + 1;
            } else {
                int nl = src.indexOf('\n', i);
                String raw = src.substring(i, nl < 0 ? src.length() : nl);
                int hash = raw.indexOf(" #");
                out.put(key, expand((hash < 0 ? raw : raw.substring(0, hash)).stripTrailing(), lookup, line));
                i = nl < 0 ? src.length() : nl;
            }
        }
    }

    /** A variable's value: the environment's, else that of a line above. A class, not a lambda (see Cli). */
    record Lookup(Map<String, String> process, Map<String, String> above) implements java.util.function.Function<String, String> {
        public String apply(String k) { return process.containsKey(k) ? process.get(k) : above.get(k); }
    }

    static boolean blank(char c) { return c == ' ' || c == '\t' || c == '\u000B' || c == '\f' || c == '\r' || c == '\u0085' || c == '\u00A0'; }

    static int lineOf(String src, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) if (src.charAt(i) == '\n') line++;
        return line;
    }

    /** The index of the quote that closes the value opened at `open`; a backslash escapes it. */
    static int closingQuote(String src, int open, int line) {
        char q = src.charAt(open);
        for (int i = open + 1; i < src.length(); i++) {
            if (src.charAt(i) == '\\') i++;
            else if (src.charAt(i) == q) return i;
        }
        throw new Cli.Failure(Cli.USAGE, ".env line " + line + ": a quoted value is never closed");
    }

    /** Inside quotes, a backslash before the quote character stands for the quote; other backslashes stay. */
    static String unescapeQuote(String s, char q) { return s.replace("\\" + q, String.valueOf(q)); }

    /** The escapes of a double-quoted value; `\$` is a literal dollar. */
    static String escapes(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) { sb.append(c); continue; }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000B');
                case '\\' -> sb.append('\\');
                case '$' -> sb.append("$$");
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    /** What `[\\p{L}\\p{N}_.\\[\\]-]+` matches: letters, numbers, `_`, `.`, `[`, `]` and `-`, at least one. */
    static boolean variableName(String key) {
        if (key.isEmpty()) return false;
        for (int i = 0; i < key.length(); ) {
            int c = key.codePointAt(i);
            int type = Character.getType(c);
            boolean number = type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
            if (!Character.isLetter(c) && !number && "_.[]-".indexOf(c) < 0) return false;
            i += Character.charCount(c);
        }
        return true;
    }

    /** The end of the `[_A-Za-z][_A-Za-z0-9]*` name that starts at `from`, or `from` when none does. */
    static int nameEnd(String s, int from) {
        int i = from;
        while (i < s.length() && (Cli.letter(s.charAt(i)) || s.charAt(i) == '_' || i > from && s.charAt(i) >= '0' && s.charAt(i) <= '9')) i++;
        return i;
    }

    /** Compose's interpolation of `$$`, `$NAME` and `${NAME...}`; an unset variable is empty. */
    static String expand(String s, java.util.function.Function<String, String> lookup, int line) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '$' || i + 1 >= s.length()) { sb.append(c); continue; }
            char n = s.charAt(i + 1);
            int end = nameEnd(s, i + 1);
            if (n == '$') { sb.append('$'); i++; }
            else if (n == '{') {
                int close = closingBrace(s, i + 1, line);
                sb.append(substitute(s.substring(i + 2, close), lookup, line));
                i = close;
            } else if (end > i + 1) {
                String v = lookup.apply(s.substring(i + 1, end));
                sb.append(v == null ? "" : v);
                i = end - 1;
            } else sb.append(c);
        }
        return sb.toString();
    }

    static int closingBrace(String s, int open, int line) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') depth++;
            else if (s.charAt(i) == '}' && --depth == 0) return i;
        }
        throw new Cli.Failure(Cli.USAGE, ".env line " + line + ": a ${ is never closed");
    }

    /** The inside of `${...}`: NAME, or NAME followed by :- - :+ + :? ? and a word that may itself hold ${...}. */
    static String substitute(String inner, java.util.function.Function<String, String> lookup, int line) {
        int end = nameEnd(inner, 0);
        if (end == 0) throw new Cli.Failure(Cli.USAGE, ".env line " + line + ": '${" + Cli.clean(inner) + "}' is not a variable reference");
        String name = inner.substring(0, end), rest = inner.substring(end), v = lookup.apply(name);
        if (rest.isEmpty()) return v == null ? "" : v;
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(1, Math.min(2, rest.length())) : rest.substring(0, 1);
        String word = rest.substring(colon ? 2 : 1);
        boolean set = v != null && !(colon && v.isEmpty());
        switch (op) {
            case "-": return set ? v : expand(word, lookup, line);
            case "+": return set ? expand(word, lookup, line) : v == null ? "" : v;
            case "?":
                if (set) return v;
                throw new Cli.Failure(Cli.USAGE, ".env line " + line + ": " + name + " must be set" + (word.isEmpty() ? "" : " (" + Cli.clean(word) + ")"));
            default: throw new Cli.Failure(Cli.USAGE, ".env line " + line + ": '${" + Cli.clean(inner) + "}' is not a variable reference");
        }
    }
}
