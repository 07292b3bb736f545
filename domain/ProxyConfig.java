package domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** LiteLLM's config.yaml as the read commands see it: its model_list entries and the model names its fallbacks use. */
public record ProxyConfig(List<Entry> entries, List<String> fallbacks) {
    /**
     * One model_list entry: the name clients select, the upstream model, who manages it (null: the operator), its
     * model_info, and the environment variables its litellm_params read (`os.environ/NAME`).
     */
    public record Entry(String modelName, String model, String managedBy, Map<String, Object> info, List<String> variables) {}

    public static ProxyConfig read(Path file) {
        SafeWrite.startable(file); // a config in no folder is a mistyped path, not an empty config
        String text = ConfigFile.text(file, ConfigFile.bytes(file)); // UTF-8, a regular file, a sane size; absent: empty
        Object root;
        try {
            root = YamlLoader.load(new java.io.StringReader(text));
        } catch (RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot read " + file + ": " + YamlLoader.firstLine(e.getMessage()));
        }
        return of(root);
    }

    /** The config as YAML loads it (maps, lists, scalars). */
    public static ProxyConfig of(Object root) {
        List<Entry> out = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top)) return new ProxyConfig(out, List.of());
        if (top.get("model_list") instanceof List<?> list)
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> e) || !(e.get("model_name") instanceof String name)) continue;
                Map<String, Object> params = map(e.get("litellm_params"));
                Map<String, Object> info = map(e.get("model_info"));
                Object managed = info.get(Entries.MARKER);
                List<String> variables = new ArrayList<>();
                params.values().forEach(v -> {
                    if (v instanceof String ref && ref.startsWith(Entries.ENV_PREFIX)) variables.add(ref.substring(Entries.ENV_PREFIX.length()));
                });
                out.add(new Entry(name, params.get("model") instanceof String m ? m : "",
                        Entries.manager(managed), info, List.copyOf(variables)));
            }
        return new ProxyConfig(out, fallbacks(top));
    }

    /** Model names in router_settings' and litellm_settings' fallbacks: [{model: [fallback, ...]}, ...]. */
    static List<String> fallbacks(Map<?, ?> top) {
        List<String> out = new ArrayList<>();
        for (String section : List.of("router_settings", "litellm_settings"))
            if (top.get(section) instanceof Map<?, ?> settings)
                for (String kind : List.of("fallbacks", "context_window_fallbacks", "content_policy_fallbacks"))
                    if (settings.get(kind) instanceof List<?> rules)
                        for (Object rule : rules)
                            if (rule instanceof Map<?, ?> m)
                                m.forEach((from, to) -> {
                                    out.add(String.valueOf(from));
                                    if (to instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
                                    else out.add(String.valueOf(to));
                                });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }
}
