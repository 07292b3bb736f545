package domain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** config/sync.yaml: what operators change without editing Java. Absent file: every default below. */
public record Criteria(boolean freeModels, List<String> keepVariants, List<String> includeProviders, List<String> excludeProviders,
                List<Pattern> includeIds, List<Pattern> excludeIds, Double maxInputPer1m, Double maxOutputPer1m,
                List<String> discover, List<String> modes, List<String> outputs, List<String> keepEditions, double makerShare) {
    static final List<String> KEYS = List.of("free_models", "keep_variants", "include_providers", "exclude_providers",
            "include_ids", "exclude_ids", "max_input_cost_per_1m", "max_output_cost_per_1m", "discover", "modes",
            "output_modalities", "keep_editions", "max_maker_share");
    static final List<String> DIRECT = List.of("openai", "anthropic");
    static final List<String> MODES = List.of("chat", "embedding", "audio_transcription", "audio_speech", "image_generation", "moderation");
    static final List<String> OUTPUTS = List.of("text", "image", "audio");

    public static Criteria defaults() {
        return new Criteria(false, List.of("thinking"), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), List.of("chat"),
                List.of("text"), List.of(), 1.0 / 3);
    }

    /**
     * The settings that decide which listings are kept, in a few characters (FNV-1a of their values): the last
     * sync's kept count is a fair measure of a shrunk catalog only when its models were kept by the same.
     */
    public String fingerprint() {
        long h = 0xcbf29ce484222325L;
        String kept = List.of(freeModels, keepVariants, includeProviders, excludeProviders, includeIds, excludeIds, String.valueOf(maxInputPer1m),
                String.valueOf(maxOutputPer1m), outputs, keepEditions).toString();
        for (char c : kept.toCharArray()) h = (h ^ c) * 0x100000001b3L;
        return Long.toHexString(h);
    }

    /** A chat model: its outputs include text, and any other output (image, audio) is one the operator allows. */
    boolean chat(Listing l) {
        return l.textOutput() && outputs.containsAll(l.outputs());
    }

    boolean rejects(Listing l) {
        if (!includeProviders.isEmpty() && !includeProviders.contains(l.provider())) return true;
        if (excludeProviders.contains(l.provider())) return true;
        if (!includeIds.isEmpty() && includeIds.stream().noneMatch(p -> p.matcher(l.id()).matches())) return true;
        if (excludeIds.stream().anyMatch(p -> p.matcher(l.id()).matches())) return true;
        if (maxInputPer1m != null && l.inputPer1m() > maxInputPer1m) return true;
        return maxOutputPer1m != null && l.outputPer1m() > maxOutputPer1m;
    }

    public static Criteria load(Path file) {
        if (!Files.exists(file)) return defaults();
        SafeWrite.ordinary(file);
        Object root;
        try {
            root = YamlLoader.load(new java.io.StringReader(Files.readString(file)));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new Cli.Failure(Cli.USAGE, "cannot read " + file + ": it is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            throw new Cli.Failure(Cli.USAGE, "cannot read " + file + ": " + YamlLoader.firstLine(e.getMessage()));
        }
        if (root == null) return defaults();
        if (!(root instanceof Map<?, ?> map)) throw new Cli.Failure(Cli.USAGE, file + " must be a mapping of settings");
        for (Object k : map.keySet())
            if (!KEYS.contains(String.valueOf(k))) throw new Cli.Failure(Cli.USAGE, file + ": " + Cli.unknown("setting", String.valueOf(k), KEYS));
        Criteria d = defaults();
        try {
            return new Criteria(
                    map.get("free_models") == null ? d.freeModels : bool(map, "free_models"),
                    map.containsKey("keep_variants") ? list(map, "keep_variants") : d.keepVariants,
                    list(map, "include_providers"), list(map, "exclude_providers"),
                    globs(list(map, "include_ids")), globs(list(map, "exclude_ids")),
                    number(map, "max_input_cost_per_1m"), number(map, "max_output_cost_per_1m"),
                    among(file, "discover", list(map, "discover"), DIRECT),
                    map.containsKey("modes") ? among(file, "modes", list(map, "modes"), MODES) : d.modes,
                    map.containsKey("output_modalities") ? outputs(file, list(map, "output_modalities")) : d.outputs,
                    among(file, "keep_editions", list(map, "keep_editions"), Editions.KINDS),
                    map.get("max_maker_share") == null ? d.makerShare : share(file, map.get("max_maker_share")));
        } catch (ClassCastException e) {
            throw new Cli.Failure(Cli.USAGE, file + ": a setting has the wrong type (" + e.getMessage() + ")");
        }
    }

    /** The wrong types say which setting and what it takes, never a Java class name. */
    static List<String> list(Map<?, ?> map, String key) {
        Object o = map.get(key);
        if (o == null) return List.of();
        if (!(o instanceof List<?> l)) throw new ClassCastException(key + " must be a list like [a, b], got " + o);
        return l.stream().map(String::valueOf).toList();
    }

    static boolean bool(Map<?, ?> map, String key) {
        if (map.get(key) instanceof Boolean b) return b;
        throw new ClassCastException(key + " must be true or false, got " + map.get(key));
    }

    static Double number(Map<?, ?> map, String key) {
        Object o = map.get(key);
        if (o == null) return null;
        if (o instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
        throw new ClassCastException(key + " must be a number of US dollars, got " + o);
    }

    static List<String> outputs(Path file, List<String> values) {
        if (!values.contains("text")) throw new Cli.Failure(Cli.USAGE, file + ": output_modalities must include text (chat models answer in text)");
        return among(file, "output_modalities", values, OUTPUTS);
    }

    /** A share of the entries, as a number (0.5) or a fraction ("1/3"), above 0 and at most 1. */
    static double share(Path file, Object o) {
        double v;
        try {
            String[] f = String.valueOf(o).strip().split("/");
            v = f.length == 2 ? Double.parseDouble(f[0]) / Double.parseDouble(f[1]) : o instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v > 0 && v <= 1)) throw new Cli.Failure(Cli.USAGE, file + ": max_maker_share must be a share above 0 and at most 1, such as 1/3 or 0.5, got " + o);
        return v;
    }

    static List<String> among(Path file, String key, List<String> values, List<String> allowed) {
        for (String v : values)
            if (!allowed.contains(v)) throw new Cli.Failure(Cli.USAGE, file + ": " + key + ": " + Cli.unknown("value", v, allowed));
        return values;
    }

    /** Shell-style patterns on ids: `*` any run of characters, `?` one character. */
    static List<Pattern> globs(List<String> patterns) {
        return patterns.stream().map(p -> Pattern.compile(
                Pattern.quote(p).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"))).toList();
    }
}
