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
                List<String> discover, List<String> modes) {
    static final List<String> KEYS = List.of("free_models", "keep_variants", "include_providers", "exclude_providers",
            "include_ids", "exclude_ids", "max_input_cost_per_1m", "max_output_cost_per_1m", "discover", "modes");
    static final List<String> DIRECT = List.of("openai", "anthropic");
    static final List<String> MODES = List.of("chat", "embedding", "audio_transcription", "audio_speech", "image_generation", "moderation");

    public static Criteria defaults() {
        return new Criteria(false, List.of("thinking"), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), List.of("chat"));
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
        Object root;
        try {
            root = YamlLoader.load(new java.io.StringReader(Files.readString(file)));
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
                    map.containsKey("free_models") ? (Boolean) map.get("free_models") : d.freeModels,
                    map.containsKey("keep_variants") ? list(map.get("keep_variants")) : d.keepVariants,
                    list(map.get("include_providers")), list(map.get("exclude_providers")),
                    globs(list(map.get("include_ids"))), globs(list(map.get("exclude_ids"))),
                    number(map.get("max_input_cost_per_1m")), number(map.get("max_output_cost_per_1m")),
                    among(file, "discover", list(map.get("discover")), DIRECT),
                    map.containsKey("modes") ? among(file, "modes", list(map.get("modes")), MODES) : d.modes);
        } catch (ClassCastException e) {
            throw new Cli.Failure(Cli.USAGE, file + ": a setting has the wrong type (" + e.getMessage() + ")");
        }
    }

    static List<String> list(Object o) {
        if (o == null) return List.of();
        if (!(o instanceof List<?> l)) throw new ClassCastException("expected a list, got " + o);
        return l.stream().map(String::valueOf).toList();
    }

    static Double number(Object o) { return o == null ? null : ((Number) o).doubleValue(); }

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
