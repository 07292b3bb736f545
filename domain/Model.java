package domain;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One model of the synced catalog, enriched by the sync: what data/models.json holds and the read commands show.
 * Costs are US dollars per 1M tokens; maxOutputTokens and created are 0 when the provider does not say; figures:
 * what usage and benchmark evidence say of it (Figures.NONE without evidence).
 */
public record Model(
        String modelName, String id, String name, String provider,
        int popularity, String costTier, List<String> tags,
        double inputCostPer1m, double outputCostPer1m,
        long contextLength, long maxOutputTokens,
        boolean functionCalling, boolean vision, boolean reasoning,
        long created, Figures figures) {

    /** A model no evidence speaks of. */
    public Model(String modelName, String id, String name, String provider, int popularity, String costTier, List<String> tags,
                 double inputCostPer1m, double outputCostPer1m, long contextLength, long maxOutputTokens,
                 boolean functionCalling, boolean vision, boolean reasoning, long created) {
        this(modelName, id, name, provider, popularity, costTier, tags, inputCostPer1m, outputCostPer1m, contextLength,
                maxOutputTokens, functionCalling, vision, reasoning, created, Figures.NONE);
    }

    /** What LiteLLM calls this model: the litellm_params.model of its entry (openrouter/openai/gpt-4o, azure/prod-gpt4o). */
    public String route() { return provider + "/" + id; }

    /** The price the cost tier is judged on: the mean of input and output per 1M tokens. */
    public double blendedCostPer1m() { return (inputCostPer1m + outputCostPer1m) / 2; }

    public boolean hasTag(String tag) { return tags.contains(tag); }

    /** Whether its prices are known: a model no one priced (a config entry, an Azure model LiteLLM does not know) has no tier. */
    public boolean priced() { return !costTier.isEmpty(); }

    /** The same model served under another entry: only the name, id and provider change. */
    public Model as(String otherName, String otherId, String otherProvider) {
        return new Model(otherName, otherId, name, otherProvider, popularity, costTier, tags, inputCostPer1m, outputCostPer1m,
                contextLength, maxOutputTokens, functionCalling, vision, reasoning, created, figures);
    }

    public Model withPopularity(int score) {
        return new Model(modelName, id, name, provider, score, costTier, tags, inputCostPer1m, outputCostPer1m,
                contextLength, maxOutputTokens, functionCalling, vision, reasoning, created, figures);
    }

    /** Where the fields of a model go, one by one: a JsonObject (toJson), or a line of data/models.json (Catalog). */
    public interface Fields {
        void text(String name, String value);
        void whole(String name, long value);
        /** null: unknown. */
        void number(String name, Double value);
        void flag(String name, boolean value);
        void texts(String name, List<String> values);
    }

    /** The one JSON shape of a model, field by field in order: what data/models.json and --json hold. */
    public void fields(Fields out) {
        out.text("model_name", modelName);
        out.text("id", id);
        out.text("name", name);
        out.text("provider", provider);
        out.whole("popularity", popularity);
        out.text("cost_tier", costTier);
        out.texts("tags", tags);
        out.number("input_cost_per_1m", priced() ? inputCostPer1m : null);
        out.number("output_cost_per_1m", priced() ? outputCostPer1m : null);
        out.whole("context_length", contextLength);
        out.whole("max_output_tokens", maxOutputTokens);
        out.flag("supports_function_calling", functionCalling);
        out.flag("supports_vision", vision);
        out.flag("supports_reasoning", reasoning);
        out.whole("created", created);
        figures.fields(out);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        fields(new Into(o));
        return o;
    }

    /** Fields added to a JsonObject. */
    record Into(JsonObject o) implements Fields {
        public void text(String name, String value) { o.add(name, value); }
        public void whole(String name, long value) { o.add(name, value); }
        public void number(String name, Double value) { o.add(name, Figures.value(value)); }
        public void flag(String name, boolean value) { o.add(name, value); }
        public void texts(String name, List<String> values) {
            JsonArray a = new JsonArray();
            for (String v : values) a.add(v); // not forEach: read commands run no lambda (see search_models)
            o.add(name, a);
        }
    }

    /**
     * Fields written as text exactly as minimal-json writes their JsonObject, without building one (a sync writes
     * 100,000 models, and a read command's JVM interprets minimal-json's writer a character at a time): on one line
     * (indent null: data/models.json), or, for a terminal, with the control characters Cli.json escapes escaped
     * too, as PRETTY_PRINT writes an object that is an element of a list (indent: the fields' indentation, two spaces
     * more than the object's): Cli.redact of that is Cli.json of minimal-json's. CatalogTest checks both.
     */
    public static final class Text implements Fields {
        final StringBuilder out;
        final String indent;
        boolean first = true;

        public Text(StringBuilder out, String indent) {
            this.out = out;
            this.indent = indent;
        }

        StringBuilder name(String name) { // the names are plain ASCII: nothing to escape
            out.append(first ? '{' : ',');
            first = false;
            if (indent == null) return out.append('"').append(name).append("\":");
            String line = indent.equals(PRETTY) ? PRETTY_NAMES.get(name) : null; // one append, not five: --json writes 20 a model
            if (line == null) {
                line = "\n" + indent + '"' + name + "\": ";
                if (indent.equals(PRETTY)) PRETTY_NAMES.put(name, line);
            }
            return out.append(line);
        }

        /** The fields' indentation of --json's objects, and the start of each field's line there. */
        public static final String PRETTY = "    ";
        static final java.util.Map<String, String> PRETTY_NAMES = new java.util.HashMap<>();

        public void text(String name, String value) { string(name(name), value); }
        public void whole(String name, long value) { name(name).append(value); }
        public void number(String name, Double value) { name(name).append(number(value)); }
        public void flag(String name, boolean value) { name(name).append(value); }
        public void texts(String name, List<String> values) {
            name(name).append('[');
            if (indent == null) {
                for (int i = 0; i < values.size(); i++) string(i == 0 ? out : out.append(','), values.get(i));
                out.append(']');
                return;
            }
            if (values.isEmpty()) out.append('\n').append(indent).append("  "); // PRETTY_PRINT opens a line even for none
            for (int i = 0; i < values.size(); i++) string((i == 0 ? out : out.append(',')).append('\n').append(indent).append("  "), values.get(i));
            out.append('\n').append(indent).append(']');
        }

        /** Ends the object (which has fields: every model has). */
        public StringBuilder close() {
            return indent == null ? out.append('}') : out.append('\n').append(indent, 2, indent.length()).append('}');
        }

        /** A number as minimal-json writes it: Double.toString without a trailing ".0"; null for none. */
        static String number(Double d) {
            if (d == null) return "null";
            String s = Double.toString(d);
            return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
        }

        /**
         * A JSON string as minimal-json escapes it: quote, backslash, line breaks, tab, U+2028/9 and other controls as
         * \\u00XX. For a terminal (pretty-printed), the other control and bidirectional characters as \\uXXXX too, as
         * Cli.json escapes them (a string at a time, so that --json is not scanned for them again).
         */
        StringBuilder string(StringBuilder out, String s) {
            if (s == null) return out.append("null");
            int plain = 0; // the characters before the first that needs escaping, copied at once
            while (plain < s.length() && !escaped(s.charAt(plain))) plain++;
            out.append('"').append(s, 0, plain);
            for (int i = plain; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '"' || c == '\\') out.append('\\').append(c);
                else if (c == '\n') out.append("\\n");
                else if (c == '\r') out.append("\\r");
                else if (c == '\t') out.append("\\t");
                else if (c < 0x20 || c == '\u2028' || c == '\u2029' || indent != null && Cli.control(c)) out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15]).append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
                else out.append(c);
            }
            return out.append('"');
        }

        boolean escaped(char c) { return c < 0x20 || c == '"' || c == '\\' || c == '\u2028' || c == '\u2029' || c >= 0x7f && indent != null && Cli.control(c); }

        static final char[] HEX = "0123456789abcdef".toCharArray();
    }

    /** Throws on any missing or mistyped field: the caller reports the file as corrupt. */
    public static Model fromJson(JsonObject o) {
        List<String> tags = new ArrayList<>();
        for (JsonValue v : o.get("tags").asArray()) tags.add(v.asString());
        return new Model(
                o.get("model_name").asString(), o.get("id").asString(), o.get("name").asString(), o.get("provider").asString(),
                o.get("popularity").asInt(), o.get("cost_tier").asString(), List.copyOf(tags),
                o.get("input_cost_per_1m").isNull() ? 0 : o.get("input_cost_per_1m").asDouble(),
                o.get("output_cost_per_1m").isNull() ? 0 : o.get("output_cost_per_1m").asDouble(),
                o.get("context_length").asLong(), o.get("max_output_tokens").asLong(),
                o.get("supports_function_calling").asBoolean(), o.get("supports_vision").asBoolean(),
                o.get("supports_reasoning").asBoolean(), o.get("created").asLong(), Figures.from(o));
    }
}
