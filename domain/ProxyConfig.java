package domain;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The model_list of LiteLLM's config.yaml, as the read commands see it. */
public final class ProxyConfig {
    /** model_info key that marks an entry as written by the sync; its value names the provider. */
    public static final String MARKER = "magi_managed";

    /** One model_list entry: the name clients select, the upstream model, and who manages it (null: the operator). */
    public record Entry(String modelName, String model, String managedBy, Map<String, Object> info) {}

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
            out.add(new Entry(name, params.get("model") instanceof String m ? m : "",
                    managed instanceof String s ? s : null, info));
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
