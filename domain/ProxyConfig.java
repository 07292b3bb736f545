package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The model_list of LiteLLM's config.yaml, as the read commands see it. */
public final class ProxyConfig {
    /** model_info key that marks an entry as written by the sync; its value names the provider. */
    public static final String MARKER = "magi_managed";
    /** Where, under the project folder, the read commands keep the config's entries between runs. */
    public static final String CACHE = ".magi/cache/config-entries.json";
    /** How LiteLLM's config refers to an environment variable. */
    public static final String ENV_PREFIX = "os.environ/";

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
        if (key == null) return read(file);
        try {
            JsonObject c = Json.parse(Files.readString(cache)).asObject();
            if (key.equals(c.getString("key", ""))) {
                List<Entry> out = new ArrayList<>();
                for (JsonValue v : c.get("entries").asArray()) {
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
        } catch (IOException | RuntimeException e) {
            // no cache yet, or an unreadable one: parse the config and write it anew
        }
        List<Entry> entries = read(file);
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
        try {
            Files.createDirectories(cache.getParent());
            Path tmp = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid());
            Files.writeString(tmp, new JsonObject().add("key", key).add("entries", list).toString());
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
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

    public static List<Entry> read(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot read " + file + ": " + firstLine(e.getMessage()));
        }
        List<Entry> out = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top) || !(top.get("model_list") instanceof List<?> list)) return out;
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> e) || !(e.get("model_name") instanceof String name)) continue;
            Map<String, Object> params = map(e.get("litellm_params"));
            Map<String, Object> info = map(e.get("model_info"));
            Object managed = info.get(MARKER);
            List<String> variables = new ArrayList<>();
            params.values().forEach(v -> {
                if (v instanceof String ref && ref.startsWith(ENV_PREFIX)) variables.add(ref.substring(ENV_PREFIX.length()));
            });
            out.add(new Entry(name, params.get("model") instanceof String m ? m : "",
                    managed instanceof String s ? s : null, info, List.copyOf(variables)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) { return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(); }

    public static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
