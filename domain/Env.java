package domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
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
        this.dotenv = Files.isRegularFile(file) ? parseFile(file) : Map.of();
    }

    /** The project folder: MAGI_HOME when magi set it, else the working directory. */
    public static Env load() {
        String home = System.getenv("MAGI_HOME");
        return new Env(Path.of(home == null || home.isBlank() ? "." : home).toAbsolutePath().normalize(), System.getenv());
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
        return home.resolve(get(name, fallback));
    }

    /** Every value that must never be shown: anything whose name says it is a key, secret or token. */
    public java.util.List<String> secrets() {
        var out = new java.util.ArrayList<String>();
        Map<String, String> all = new HashMap<>(dotenv);
        all.putAll(process);
        all.forEach((k, v) -> {
            if (v != null && v.length() >= 4 && k.matches("(?i).*(KEY|SECRET|TOKEN|PASSWORD).*")) out.add(v.strip());
        });
        return out;
    }

    static Map<String, String> parseFile(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new Cli.Failure(Cli.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** KEY=VALUE lines; `export ` prefix; # comments; 'single' quotes literal; "double" quotes with \n \t \" \\; inline " #" comments on bare values. */
    static Map<String, String> parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            if (line.startsWith("export ")) line = line.substring(7).strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            out.put(key, unquote(value));
        }
        return out;
    }

    private static String unquote(String v) {
        if (v.startsWith("'")) {
            int end = v.indexOf('\'', 1);
            return end < 0 ? v.substring(1) : v.substring(1, end);
        }
        if (v.startsWith("\"")) {
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c == '"') break;
                if (c == '\\' && i + 1 < v.length()) {
                    char n = v.charAt(++i);
                    sb.append(switch (n) { case 'n' -> '\n'; case 't' -> '\t'; case 'r' -> '\r'; default -> n; });
                } else sb.append(c);
            }
            return sb.toString();
        }
        int hash = v.indexOf(" #");
        if (hash < 0) hash = v.indexOf("\t#");
        return (hash < 0 ? v : v.substring(0, hash)).strip();
    }
}
