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
        out.number("input_cost_per_1m", inputCostPer1m);
        out.number("output_cost_per_1m", outputCostPer1m);
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

    /** Throws on any missing or mistyped field: the caller reports the file as corrupt. */
    public static Model fromJson(JsonObject o) {
        List<String> tags = new ArrayList<>();
        for (JsonValue v : o.get("tags").asArray()) tags.add(v.asString());
        return new Model(
                o.get("model_name").asString(), o.get("id").asString(), o.get("name").asString(), o.get("provider").asString(),
                o.get("popularity").asInt(), o.get("cost_tier").asString(), List.copyOf(tags),
                o.get("input_cost_per_1m").asDouble(), o.get("output_cost_per_1m").asDouble(),
                o.get("context_length").asLong(), o.get("max_output_tokens").asLong(),
                o.get("supports_function_calling").asBoolean(), o.get("supports_vision").asBoolean(),
                o.get("supports_reasoning").asBoolean(), o.get("created").asLong(), Figures.from(o));
    }
}
