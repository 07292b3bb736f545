package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * `explain NAME`: why one model is where it is, from the read commands' Universe of the last sync's catalog and
 * the config as it is now. The parts of its score (from its standing, which the index keeps), the filter rules it
 * passed or the one that dropped it, its place in the one order, whether it is in the config and why, and the
 * recommendation categories that list it.
 */
public final class Explain {
    static final Map<String, String> DROPPED = Map.of(
            "expired", "its expiration_date has passed",
            "variable-price", "its price is variable (-1): a router, with no price to rank or bill by",
            "not-chat", "not a chat model: it outputs something other than text that output_modalities in config/sync.yaml does not allow, or no text",
            "alias", "an alias (~provider/...) of a model that is listed on its own",
            "variant", "a :variant that keep_variants in config/sync.yaml does not keep",
            "free", "free (both prices 0) while free_models in config/sync.yaml is false",
            "criteria", "it fails your criteria in config/sync.yaml (providers, ids or price ceilings)",
            "edition", "an edition of %s, which is listed instead (keep_editions in config/sync.yaml keeps it)",
            "preview", "a pre-release of %s, its release, which is listed instead (keep_editions: [preview] keeps it)",
            "snapshot", "gives way to %s, the newest version of the same model (keep_editions: [snapshot] keeps it)");

    /** What passing each filter rule means, in the order they apply. */
    static final Map<String, String> PASSED = Map.ofEntries(Map.entry("expired", "not expired"), Map.entry("variable-price", "a fixed price"),
            Map.entry("not-chat", "a chat model"), Map.entry("alias", "not an alias"), Map.entry("variant", "no dropped variant"),
            Map.entry("free", "not free (or free models kept)"), Map.entry("criteria", "your criteria"), Map.entry("edition", "not an edition"),
            Map.entry("preview", "not a pre-release"), Map.entry("snapshot", "not an older snapshot"));

    /** The report, or a usage failure naming the closest known model. */
    public static JsonObject of(String name, Universe u) {
        for (int i = 0; i < u.catalogSize; i++) {
            Model m = u.models.get(i);
            if (m.modelName().equals(name) || m.id().equals(name) || m.route().equals(name)) return listed(m, i, u);
        }
        for (Filter.Drop d : u.dropped)
            if (d.id().equals(name) || Naming.name("openrouter", d.id()).equals(name)) return dropped(d, u.entries);
        for (ProxyConfig.Entry e : u.entries)
            if (e.modelName().equals(name) || e.model().equals(name))
                return new JsonObject().add("model_name", e.modelName()).add("id", e.model()).add("in_catalog", false).add("in_config", true)
                        .add("why", e.managedBy() == null ? "an entry of yours: the sync never scores, moves or changes it"
                                : "synced by " + e.managedBy() + ", whose models the last sync did not keep in data/models.json");
        List<String> known = new ArrayList<>();
        for (Model m : u.models.subList(0, u.catalogSize)) {
            known.add(m.modelName());
            known.add(m.id());
        }
        for (Filter.Drop d : u.dropped) known.add(d.id());
        throw new Cli.Failure(Cli.USAGE, Cli.unknown("model", name, known) + " (not in the last sync's catalog nor in the config)");
    }

    /** The catalog's model at `index` of the universe's models. */
    static JsonObject listed(Model m, int index, Universe u) {
        JsonObject out = m.figures().addTo(head(m.modelName(), m.id(), m.provider()).add("in_catalog", true).add("score", m.popularity()));
        JsonArray filters = new JsonArray();
        for (String rule : Filter.RULES) filters.add(new JsonObject().add("rule", rule).add("passed", true));
        out.add("filters", filters);
        List<Model> ranked = Catalog.ranked(m) ? u.rankedTo(index) : List.of(); // up to m, which is last
        int position = ranked.size();
        boolean evidence = !u.standings.isEmpty() && u.standings.get(0).evidence();
        if (position > 0) {
            Score.Standing standing = u.standings.get(position - 1);
            JsonArray parts = new JsonArray();
            for (Score.Part p : Score.parts(m, standing.field(m)))
                parts.add(new JsonObject().add("name", p.name()).add("points", Math.round(p.points() * 10) / 10.0).add("input", p.input()));
            out.add("parts", parts).add("position", position).add("order", order(m, ranked, standing.newer(), u.standings.size()));
        }
        String purpose = Purpose.of(m.id());
        out.add("special_purpose", purpose == null ? Json.NULL : Json.value(purpose));
        if (m.figures().any() || evidence) out.add("prior_weight", Score.PRIOR_WITH_EVIDENCE);
        int synced = 0;
        ProxyConfig.Entry own = null;
        for (ProxyConfig.Entry e : u.entries) {
            if ("openrouter".equals(e.managedBy())) synced++;
            if (own == null && (e.modelName().equals(m.modelName()) || e.model().equals(m.route()))) own = e;
        }
        String why = own != null && own.managedBy() == null ? "served by an entry of yours (" + own.modelName() + "), which wins over the sync's"
                : own != null && position == 0 ? "synced: every " + m.provider() + " model the sync finds becomes an entry"
                : own != null ? "synced: the last sync wrote the first " + synced + " OpenRouter models of the one order"
                : position > 0 ? "not synced: the last sync wrote the first " + synced + " OpenRouter models of the one order and this is #" + position
                        + " (sync N or OPENROUTER_MODEL_LIMIT sets how many)"
                : "not in the config";
        out.add("in_config", own != null).add("why", why);
        JsonArray sources = new JsonArray();
        if (m.figures().any()) for (String credit : u.credits.values()) sources.add(credit);
        return out.add("recommendations", picks(m, u.recommendations)).add("sources", sources);
    }

    /** The categories of the recommendations (null: none) that list `m`, and its rank in each. */
    static JsonArray picks(Model m, List<Recommendations.Category> recommendations) {
        JsonArray out = new JsonArray();
        if (recommendations == null) return out;
        for (Recommendations.Category c : recommendations)
            for (int i = 0; i < c.picks().size(); i++)
                if (m.id().equals(c.picks().get(i).id()) && m.provider().equals(c.picks().get(i).provider())) {
                    out.add(new JsonObject().add("category", c.title()).add("rank", i + 1));
                    break;
                }
        return out;
    }

    /** What placed it where it is (ranked: the ranked models up to it): the models of its maker before it, and the share that allows. */
    static String order(Model m, List<Model> ranked, String newer, int of) {
        String maker = Score.maker(m);
        int before = 0;
        for (Model x : ranked.subList(0, ranked.size() - 1)) if (Score.maker(x).equals(maker)) before++;
        String follows = Ranking.follows(m, ranked);
        return "#" + ranked.size() + " of " + of + "; " + before + " model(s) of " + maker + " come first"
                + (newer == null ? "" : ", among them its newer version " + newer) + (follows == null ? "" : "; " + follows);
    }

    static JsonObject dropped(Filter.Drop d, List<ProxyConfig.Entry> config) {
        JsonArray filters = new JsonArray();
        boolean reached = true;
        for (String r : Filter.RULES) {
            boolean failed = r.equals(d.reason());
            filters.add(new JsonObject().add("rule", r).add("passed", reached ? Json.value(!failed) : Json.NULL));
            if (failed) reached = false;
        }
        String why = DROPPED.getOrDefault(d.reason(), d.reason()).replace("%s", String.valueOf(d.to()));
        boolean own = false;
        for (ProxyConfig.Entry e : config) own |= e.model().equals("openrouter/" + d.id());
        return head(Naming.name("openrouter", d.id()), d.id(), "openrouter").add("in_catalog", false).add("filters", filters)
                .add("dropped", new JsonObject().add("reason", d.reason()).add("gives_way_to", d.to() == null ? Json.NULL : Json.value(d.to())))
                .add("in_config", own).add("why", (own ? "served by an entry of yours; " : "not synced: ") + why);
    }

    static JsonObject head(String name, String id, String provider) {
        return new JsonObject().add("model_name", name).add("id", id).add("provider", provider);
    }

    public static void print(JsonObject r, PrintStream out) {
        out.println(Cli.paint("1", r.getString("model_name", "")) + "  (" + r.getString("id", "") + ")");
        if (r.get("score") != null) out.println("  score " + r.getInt("score", 0) + (r.get("order") != null ? ", " + r.getString("order", "") : ""));
        if (r.get("parts") != null)
            for (JsonValue v : r.get("parts").asArray()) {
                JsonObject p = v.asObject();
                out.println("    " + Table.pad(p.getString("name", ""), 13, true) + " " + Table.pad(Table.decimals(p.getDouble("points", 0), 1), 6, false)
                        + "  " + p.getString("input", ""));
            }
        if (r.get("prior_weight") != null)
            out.println("    (with evidence, the parts from the catalog count " + r.getDouble("prior_weight", 0) + " of their points)");
        if (r.get("special_purpose") != null && r.get("special_purpose").isString())
            out.println("  special-purpose (" + r.getString("special_purpose", "") + "): takes no general slot and no recommendation");
        if (r.get("filters") != null) {
            List<String> passed = new ArrayList<>();
            for (JsonValue v : r.get("filters").asArray()) if (v.asObject().get("passed").equals(Json.TRUE)) passed.add(PASSED.get(v.asObject().getString("rule", "")));
            out.println("  filters passed: " + (passed.isEmpty() ? "none" : String.join(", ", passed)));
        }
        if (r.get("dropped") != null) out.println("  dropped as " + r.get("dropped").asObject().getString("reason", ""));
        out.println("  in the config: " + (r.getBoolean("in_config", false) ? "yes" : "no") + "; " + r.getString("why", ""));
        if (r.get("recommendations") != null)
            for (JsonValue v : r.get("recommendations").asArray())
                out.println("  recommended: " + v.asObject().getString("category", "") + " #" + v.asObject().getInt("rank", 0));
        if (r.get("sources") != null) for (JsonValue v : r.get("sources").asArray()) out.println("  " + v.asString());
    }
}
