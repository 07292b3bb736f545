package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * LiteLLM's own model map (`litellm/model_prices_and_context_window_backup.json` in the litellm package): what
 * LiteLLM already knows of a model, so that the sync never writes a value that contradicts it. A lookup follows
 * LiteLLM's get_model_info: the names it tries, in its order, case-insensitively, of the right provider; the
 * `fallback_generalizations` rules that fill keys an entry lacks; and, for a model it has no entry for, the
 * family baseline those rules give (what LiteLLM then serves, so the sync does not contradict it either).
 */
public final class LiteLLMMap {
    public static final String SETTING = "LITELLM_MODEL_MAP";
    static final String IN_PACKAGE = "litellm/model_prices_and_context_window_backup.json";
    static final long MAX_BYTES = 64L << 20;
    public static final List<String> CAPABILITIES = List.of("supports_function_calling", "supports_vision", "supports_reasoning");
    public static final List<String> LIMITS = List.of("max_tokens", "max_input_tokens", "max_output_tokens");
    static final Pattern DATED = Pattern.compile("-\\d{4}-\\d{2}-\\d{2}$"), FINE_TUNE = Pattern.compile("(:[^:]*){3}$");
    static final Set<String> NOT_MODELS = Set.of("sample_spec", "fallback_generalizations");
    /** No map was found: nothing is known, so nothing may be stated. */
    public static final LiteLLMMap NONE = new LiteLLMMap(null, new JsonObject());

    /** Where the map came from (null: none found). */
    public final Path source;
    /** The model entries by their key in lower case (LiteLLM's lookups ignore case), with the key as written. */
    final Map<String, String> keys = new HashMap<>();
    final Map<String, JsonObject> entries = new HashMap<>();
    final List<Rule> rules;

    /** A fallback_generalizations rule: a case-insensitive search pattern and what it says of the models it matches. */
    record Rule(Pattern pattern, Set<String> fillFor, JsonObject info) {
        boolean capability() { return info.names().stream().anyMatch(k -> !k.equals("litellm_provider")); }
    }

    /** What LiteLLM knows of one model: its map entry (`exact`), or the family baseline of its rules. */
    public record Known(String key, boolean exact, JsonObject info) {
        /** A capability as LiteLLM reports it: an entry's missing flag is false; a baseline's is unknown (null). */
        public Boolean flag(String name) {
            JsonValue v = info.get(name);
            return v != null && v.isBoolean() ? Boolean.valueOf(v.asBoolean()) : exact ? Boolean.FALSE : null;
        }

        /** A limit in tokens, or 0 when not stated. */
        public long limit(String name) { return Math.max(0, JsonFields.whole(info.get(name))); }

        /** The largest output LiteLLM assumes: max_output_tokens, else the legacy max_tokens. */
        public long maxOutput() { return limit("max_output_tokens") > 0 ? limit("max_output_tokens") : limit("max_tokens"); }

        /** Dollars per token, or -1 when not stated. */
        public double price(String name) {
            JsonValue v = info.get(name);
            return v != null && v.isNumber() && v.asDouble() >= 0 ? v.asDouble() : -1;
        }

        /** Whether LiteLLM prices this model by itself: an entry of its map with a token price. */
        public boolean priced() { return exact && (price("input_cost_per_token") >= 0 || price("output_cost_per_token") >= 0); }
    }

    LiteLLMMap(Path source, JsonObject root) {
        this.source = source;
        this.rules = rules(root.get("fallback_generalizations"));
        for (JsonObject.Member m : root) {
            if (!m.getValue().isObject() || NOT_MODELS.contains(m.getName())) continue;
            entries.put(m.getName(), m.getValue().asObject());
            keys.putIfAbsent(m.getName().toLowerCase(Locale.ROOT), m.getName());
        }
    }

    public boolean present() { return source != null; }

    /**
     * The map of the LiteLLM the proxy runs: LITELLM_MODEL_MAP when set (a path; it must be readable), else the
     * one inside the local proxy's venv (.magi/litellm-venv), else NONE.
     */
    public static LiteLLMMap locate(Env env) {
        String set = env.get(SETTING);
        if (set != null) {
            Path p = env.home.resolve(Cli.path(set, Cli.USAGE));
            if (!Files.isRegularFile(p)) throw new Cli.Failure(Cli.USAGE, SETTING + " names " + p + ", which is not a file");
            return read(p);
        }
        Path found = inVenv(env.home.resolve(".magi/litellm-venv"));
        if (found == null) return NONE;
        try {
            return read(found);
        } catch (Cli.Failure f) {
            Cli.warn(f.getMessage() + "; going on as if there were no map");
            return NONE;
        }
    }

    /** The map inside a Python venv: lib/python3.X/site-packages/litellm/..., or null. */
    static Path inVenv(Path venv) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(venv.resolve("lib"), "python*")) {
            for (Path lib : libs) if (Files.isRegularFile(lib.resolve("site-packages").resolve(IN_PACKAGE))) found.add(lib.resolve("site-packages").resolve(IN_PACKAGE));
        } catch (IOException e) {
            return null;
        }
        return found.stream().sorted().reduce((a, b) -> b).orElse(null);
    }

    public static LiteLLMMap read(Path file) {
        JsonValue root;
        try {
            if (Files.size(file) > MAX_BYTES) throw new Cli.Failure(Cli.USAGE, "LiteLLM's model map " + file + " is over " + (MAX_BYTES >> 20) + " MiB");
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                root = Json.parse(r);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Cli.Failure f) throw f;
            throw new Cli.Failure(Cli.USAGE, "cannot read LiteLLM's model map " + file + ": " + e.getMessage());
        }
        if (!root.isObject()) throw new Cli.Failure(Cli.USAGE, "LiteLLM's model map " + file + " is not a JSON object");
        return new LiteLLMMap(file, root.asObject());
    }

    static List<Rule> rules(JsonValue block) {
        JsonValue list = block != null && block.isObject() ? block.asObject().get("rules") : null;
        List<Rule> out = new ArrayList<>();
        if (list == null || !list.isArray()) return out;
        for (JsonValue v : list.asArray()) {
            if (!v.isObject()) continue;
            String pattern = JsonFields.string(v.asObject().get("pattern"));
            JsonValue info = v.asObject().get("model_info");
            if (pattern == null || info == null || !info.isObject()) continue;
            try {
                out.add(new Rule(Pattern.compile(pattern, Pattern.CASE_INSENSITIVE), Set.copyOf(JsonFields.strings(v.asObject().get("fill_missing_for_providers"))), info.asObject()));
            } catch (PatternSyntaxException e) {
                // LiteLLM skips a rule it cannot compile; so does the sync
            }
        }
        return out;
    }

    /** What LiteLLM knows of `model` when called through `provider` (openai, azure, anthropic), or null for nothing. */
    public Known lookup(String provider, String model) {
        String bare = model.startsWith(provider + "/") ? model.substring(provider.length() + 1) : model;
        String stripped = bare.startsWith("ft:") ? FINE_TUNE.matcher(bare).replaceFirst("") : DATED.matcher(bare).replaceFirst("");
        Set<String> names = new LinkedHashSet<>(List.of(provider + "/" + bare, bare, provider + "/" + stripped, stripped));
        boolean anyKey = false;
        for (String name : names) {
            String key = keys.get(name.toLowerCase(Locale.ROOT));
            if (key == null) continue;
            anyKey = true;
            JsonObject info = entries.get(key);
            String owner = JsonFields.string(info.get("litellm_provider"));
            if (owner == null || owner.equals(provider)) return new Known(key, true, filled(key, owner, info));
        }
        if (anyKey) return null; // another provider's entry: LiteLLM knows the name, so no baseline applies
        for (String name : names) {
            JsonObject union = new JsonObject();
            for (Rule r : rules) if (r.capability() && r.pattern().matcher(name).find()) r.info().forEach(m -> union.set(m.getName(), m.getValue()));
            union.remove("litellm_provider");
            if (!union.isEmpty()) return new Known(name, false, union);
        }
        return null;
    }

    /** An entry with the keys LiteLLM's rules fill in for its provider, where the entry lacks them (chat models only). */
    JsonObject filled(String key, String provider, JsonObject info) {
        String mode = JsonFields.string(info.get("mode"));
        if (provider == null || (mode != null && !mode.equals("chat") && !mode.equals("responses"))) return info;
        JsonObject out = null;
        for (Rule r : rules) {
            if (!r.fillFor().contains(provider) || !r.pattern().matcher(key).find()) continue;
            for (JsonObject.Member m : r.info()) {
                if (m.getName().equals("litellm_provider") || info.get(m.getName()) != null) continue;
                if (out == null) out = Json.parse(info.toString()).asObject();
                out.set(m.getName(), m.getValue());
            }
        }
        return out == null ? info : out;
    }
}
