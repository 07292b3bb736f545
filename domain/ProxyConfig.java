package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** LiteLLM's config.yaml as the read commands see it: its model_list entries and the model names its fallbacks use. */
public record ProxyConfig(List<Entry> entries, List<String> fallbacks) {
    /** Where, under the project folder, `explain` keeps the config's entries between runs (the other read commands: UniverseIndex). */
    public static final String CACHE = ".magi/cache/config-entries.json";

    /**
     * One model_list entry: the name clients select, the upstream model, who manages it (null: the operator), its
     * model_info, and the environment variables its litellm_params read (`os.environ/NAME`).
     */
    public record Entry(String modelName, String model, String managedBy, Map<String, Object> info, List<String> variables) {}

    /**
     * The entries, from a cache beside the project's other tools when the config has not changed since it was
     * written (same size, modification time and inode): parsing YAML costs a short-lived JVM more than the rest
     * of a read command together.
     */
    public static List<Entry> cached(Path file, Path cache) {
        String key = key(file);
        if (key == null) return read(file).entries();
        try {
            JsonObject c = Json.parse(Files.readString(cache)).asObject();
            if (key.equals(c.getString("key", ""))) return fromJson(c.get("entries").asArray());
        } catch (IOException | RuntimeException e) {
            // no cache yet, or an unreadable one: parse the config and write it anew
        }
        List<Entry> entries = read(file).entries();
        try {
            String json = new JsonObject().add("key", key).add("entries", toJson(entries)).toString();
            new SafeWrite().replace(cache, json.getBytes(StandardCharsets.UTF_8), null);
        } catch (Cli.Failure e) {
            // a cache that cannot be written only costs speed
        }
        return entries;
    }

    /** What identifies one version of the file, or null when it does not exist. */
    static String key(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return file.toAbsolutePath() + "|" + a.size() + "|" + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + "|" + a.fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    public static ProxyConfig read(Path file) {
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
                        managed instanceof String s ? s : null, info, List.copyOf(variables)));
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

    static JsonArray toJson(List<Entry> entries) {
        JsonArray list = new JsonArray();
        for (Entry e : entries) {
            JsonObject info = new JsonObject();
            e.info().forEach((k, v) -> {
                if (v instanceof Boolean b) info.add(k, b);
                else if (v instanceof Number n) info.add(k, n.doubleValue());
                else if (v instanceof String str) info.add(k, str);
            });
            JsonArray variables = new JsonArray();
            e.variables().forEach(variables::add);
            list.add(new JsonObject().add("model_name", e.modelName()).add("model", e.model())
                    .add("managed_by", e.managedBy() == null ? Json.NULL : Json.value(e.managedBy())).add("info", info).add("variables", variables));
        }
        return list;
    }

    static List<Entry> fromJson(JsonArray list) {
        List<Entry> out = new ArrayList<>();
        for (JsonValue v : list) {
            JsonObject e = v.asObject();
            Map<String, Object> info = new LinkedHashMap<>();
            for (JsonObject.Member m : e.get("info").asObject())
                info.put(m.getName(), m.getValue().isBoolean() ? (Object) m.getValue().asBoolean()
                        : m.getValue().isNumber() ? (Object) m.getValue().asDouble() : m.getValue().asString());
            JsonValue managed = e.get("managed_by");
            List<String> variables = new ArrayList<>();
            e.get("variables").asArray().forEach(x -> variables.add(x.asString()));
            out.add(new Entry(e.getString("model_name", ""), e.getString("model", ""), managed.isString() ? managed.asString() : null, info, variables));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }
}
