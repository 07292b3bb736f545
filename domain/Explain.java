package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * `explain NAME`: why one model is where it is, from the last sync's data/models.json and the config as it is
 * now. The parts of its score (recomputed by Score from what models.json keeps), the filter rules it passed or
 * the one that dropped it, its place in the one order, whether it is in the config and why, and the
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
    public static JsonObject of(String name, Catalog catalog, List<ProxyConfig.Entry> config) {
        List<Model> ranked = catalog.models().stream().filter(m -> m.provider().equals("openrouter")).toList();
        for (Model m : catalog.models())
            if (m.modelName().equals(name) || m.id().equals(name) || m.route().equals(name)) return listed(m, ranked, catalog, config);
        for (Filter.Drop d : catalog.dropped())
            if (d.id().equals(name) || Naming.name("openrouter", d.id()).equals(name)) return dropped(d, config);
        for (ProxyConfig.Entry e : config)
            if (e.modelName().equals(name) || e.model().equals(name))
                return new JsonObject().add("model_name", e.modelName()).add("id", e.model()).add("in_catalog", false).add("in_config", true)
                        .add("why", e.managedBy() == null ? "an entry of yours: the sync never scores, moves or changes it"
                                : "synced by " + e.managedBy() + ", whose models the last sync did not keep in data/models.json");
        List<String> known = new ArrayList<>();
        catalog.models().forEach(m -> { known.add(m.modelName()); known.add(m.id()); });
        catalog.dropped().forEach(d -> known.add(d.id()));
        throw new Cli.Failure(Cli.USAGE, Cli.unknown("model", name, known) + " (not in the last sync's catalog nor in the config)");
    }

    static JsonObject listed(Model m, List<Model> ranked, Catalog catalog, List<ProxyConfig.Entry> config) {
        JsonObject out = m.figures().addTo(head(m.modelName(), m.id(), m.provider()).add("in_catalog", true).add("score", m.popularity()));
        JsonArray filters = new JsonArray();
        Filter.RULES.forEach(r -> filters.add(new JsonObject().add("rule", r).add("passed", true)));
        out.add("filters", filters);
        int position = ranked.indexOf(m) + 1;
        if (position > 0) {
            JsonArray parts = new JsonArray();
            for (Score.Part p : Score.parts(m, Score.field(ranked)))
                parts.add(new JsonObject().add("name", p.name()).add("points", Math.round(p.points() * 10) / 10.0).add("input", p.input()));
            out.add("parts", parts).add("position", position).add("order", order(m, ranked, position));
        }
        String purpose = Purpose.of(m.id());
        out.add("special_purpose", purpose == null ? Json.NULL : Json.value(purpose));
        if (m.figures().any() || ranked.stream().anyMatch(x -> x.figures().any())) out.add("prior_weight", Score.PRIOR_WITH_EVIDENCE);
        long synced = config.stream().filter(e -> "openrouter".equals(e.managedBy())).count();
        ProxyConfig.Entry own = config.stream().filter(e -> e.modelName().equals(m.modelName()) || e.model().equals(m.route())).findFirst().orElse(null);
        String why = own != null && own.managedBy() == null ? "served by an entry of yours (" + own.modelName() + "), which wins over the sync's"
                : own != null && position == 0 ? "synced: every " + m.provider() + " model the sync finds becomes an entry"
                : own != null ? "synced: the last sync wrote the first " + synced + " OpenRouter models of the one order"
                : position > 0 ? "not synced: the last sync wrote the first " + synced + " OpenRouter models of the one order and this is #" + position
                        + " (sync N or OPENROUTER_MODEL_LIMIT sets how many)"
                : "not in the config";
        out.add("in_config", own != null).add("why", why);
        JsonArray picks = new JsonArray();
        Recommend.Candidates all = Recommend.candidates(catalog.models());
        for (Recommend r : Recommend.values()) {
            int rank = r.rule(all).pick(catalog.models(), Recommend.PICKS).indexOf(m) + 1;
            if (rank > 0) picks.add(new JsonObject().add("category", r.title).add("rank", rank));
        }
        JsonArray sources = new JsonArray();
        if (m.figures().any()) catalog.credits().values().forEach(sources::add);
        return out.add("recommendations", picks).add("sources", sources);
    }

    /** What placed it where it is: the models of its maker before it, and the share that allows. */
    static String order(Model m, List<Model> ranked, int position) {
        String maker = Score.maker(m);
        long before = ranked.subList(0, position - 1).stream().filter(x -> Score.maker(x).equals(maker)).count();
        String newer = Versions.superseded(ranked).get(m.id()), follows = Ranking.follows(m, ranked);
        return "#" + position + " of " + ranked.size() + "; " + before + " model(s) of " + maker + " come first"
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
        String why = String.format(Locale.ROOT, DROPPED.getOrDefault(d.reason(), d.reason()), d.to());
        boolean own = config.stream().anyMatch(e -> e.model().equals("openrouter/" + d.id()));
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
                out.printf(Locale.ROOT, "    %-13s %6.1f  %s%n", p.getString("name", ""), p.getDouble("points", 0), p.getString("input", ""));
            }
        if (r.get("prior_weight") != null)
            out.println("    (with evidence, the parts from the catalog count " + r.getDouble("prior_weight", 0) + " of their points)");
        if (r.get("special_purpose") != null && r.get("special_purpose").isString())
            out.println("  special-purpose (" + r.getString("special_purpose", "") + "): takes no general slot and no recommendation");
        if (r.get("filters") != null) {
            List<String> passed = new ArrayList<>();
            for (JsonValue v : r.get("filters").asArray()) if (v.asObject().get("passed").equals(Json.TRUE)) passed.add(v.asObject().getString("rule", ""));
            out.println("  filters passed: " + (passed.isEmpty() ? "none" : String.join(", ", passed.stream().map(PASSED::get).toList())));
        }
        if (r.get("dropped") != null) out.println("  dropped as " + r.get("dropped").asObject().getString("reason", ""));
        out.println("  in the config: " + (r.getBoolean("in_config", false) ? "yes" : "no") + "; " + r.getString("why", ""));
        if (r.get("recommendations") != null)
            for (JsonValue v : r.get("recommendations").asArray())
                out.println("  recommended: " + v.asObject().getString("category", "") + " #" + v.asObject().getInt("rank", 0));
        if (r.get("sources") != null) for (JsonValue v : r.get("sources").asArray()) out.println("  " + v.asString());
    }
}
