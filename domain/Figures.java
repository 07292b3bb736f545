package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;

/**
 * What the evidence says of one model, each null when it says nothing: its share of OpenRouter's tokens while it
 * was listed (0-1), and Artificial Analysis's intelligence, coding and agentic indices (higher is better).
 */
public record Figures(Double usageShare, Double intelligence, Double coding, Double agentic) {
    public static final Figures NONE = new Figures(null, null, null, null);

    public boolean any() { return usageShare != null || indexed(); }

    public boolean indexed() { return intelligence != null || coding != null || agentic != null; }

    /** The fields models.json and --json carry: usage_share, intelligence_index, coding_index, agentic_index (null when unknown). */
    public void fields(Model.Fields out) {
        out.number("usage_share", usageShare);
        out.number("intelligence_index", intelligence);
        out.number("coding_index", coding);
        out.number("agentic_index", agentic);
    }

    public JsonObject addTo(JsonObject o) {
        fields(new Model.Into(o));
        return o;
    }

    /** Absent fields (a models.json written before evidence) read as unknown; a wrong type throws. */
    public static Figures from(JsonObject o) {
        return new Figures(number(o.get("usage_share")), number(o.get("intelligence_index")), number(o.get("coding_index")),
                number(o.get("agentic_index")));
    }

    static JsonValue value(Double d) { return d == null ? Json.NULL : Json.value(d.doubleValue()); }

    static Double number(JsonValue v) { return v == null || v.isNull() ? null : v.asDouble(); }
}
