package domain;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * Artificial Analysis's indices through OpenRouter (`GET {OPENROUTER_API_BASE}/benchmarks?source=artificial-analysis`):
 * intelligence, coding and agentic, higher is better, any of them null. Keyed by permaslug; a `:free` row counts
 * for its model only when the model has no row of its own.
 */
public record Benchmarks(String asOf, String citation, Map<String, Figures> indices) {
    public static final String PATH = "/benchmarks?source=artificial-analysis";
    static final String CITATION = "Source: Artificial Analysis (artificialanalysis.ai) via OpenRouter (openrouter.ai/rankings)";
    static final double MAX_INDEX = 1000;

    public Figures of(String slug) { return indices.getOrDefault(slug, Figures.NONE); }

    /** The answer's own citation with its as_of date: the attribution CC BY 4.0 asks for. */
    public String credit() { return citation.replaceAll("\\.+$", "") + ", as of " + asOf; }

    /** The answer, checked: a `data` list of rows with a model_permaslug and indices; throws naming what is wrong. */
    public static Benchmarks parse(JsonValue body) {
        JsonObject meta = Evidence.meta(body);
        JsonArray rows = Evidence.rows(body);
        Map<String, Figures> indices = new HashMap<>();
        Map<String, Boolean> ownRow = new HashMap<>();
        int bad = 0;
        for (JsonValue v : rows) {
            JsonObject o = v.isObject() ? v.asObject() : new JsonObject();
            String raw = JsonFields.string(o.get("model_permaslug")), slug = Evidence.slug(o.get("model_permaslug"));
            Double[] x = {index(o.get("intelligence_index")), index(o.get("coding_index")), index(o.get("agentic_index"))};
            if (slug == null || java.util.Arrays.stream(x).anyMatch(d -> d != null && d.isNaN())) { bad++; continue; }
            boolean own = !raw.contains(":");
            if (!new Figures(null, x[0], x[1], x[2]).indexed() || (!own && ownRow.getOrDefault(slug, false))) continue;
            if (own || !indices.containsKey(slug)) {
                indices.put(slug, new Figures(null, x[0], x[1], x[2]));
                ownRow.put(slug, own);
            }
        }
        Evidence.checkRows(rows.size(), bad);
        String citation = JsonFields.string(meta.get("citation"));
        if (citation == null || citation.length() > 300 || !citation.matches("[\\p{Print}&&[^<>]]+")) citation = CITATION;
        return new Benchmarks(Evidence.asOf(meta, null), citation, indices);
    }

    /** An index: a number from 0 to 1000, or null (absent or null); NaN when it is anything else. */
    static Double index(JsonValue v) {
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) return Double.NaN;
        double d = v.asDouble();
        return d >= 0 && d <= MAX_INDEX ? d : Double.NaN;
    }

    public JsonObject toJson() {
        JsonObject i = new JsonObject();
        indices.forEach((k, f) -> i.add(k, new JsonArray().add(Figures.value(f.intelligence())).add(Figures.value(f.coding()))
                .add(Figures.value(f.agentic()))));
        return new JsonObject().add("as_of", asOf).add("citation", citation).add("indices", i);
    }

    public static Benchmarks fromJson(JsonObject o) {
        Map<String, Figures> indices = new HashMap<>();
        for (JsonObject.Member m : o.get("indices").asObject()) {
            JsonArray a = m.getValue().asArray();
            indices.put(m.getName(), new Figures(null, Figures.number(a.get(0)), Figures.number(a.get(1)), Figures.number(a.get(2))));
        }
        return new Benchmarks(o.get("as_of").asString(), o.get("citation").asString(), indices);
    }
}
