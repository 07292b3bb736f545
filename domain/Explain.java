package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
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

    /**
     * What explain says of one name, as `print` shows it and `json` writes it (--json): a model of the catalog
     * (`score` set; `parts` too once the one order placed it), a listing the filter dropped (`dropped` set), or an
     * entry of the config only (`provider` and `filters` null). A record, not a JsonObject: the text needs none of
     * minimal-json, whose first use costs a read command 2 ms (its Java 5 classes are linked at every start).
     */
    public record Report(String modelName, String id, String provider, Integer score, Figures figures, List<Boolean> filters,
                         List<Score.Part> parts, int position, String order, String specialPurpose, Double priorWeight,
                         Filter.Drop dropped, boolean inConfig, String why, List<Rank> recommendations, List<String> sources) {
        /** The report as --json writes it. */
        public JsonObject json() { return Written.of(this); }

        /** The report for a terminal, in one write. */
        public void print(PrintStream out) {
            // names and ids are the operator's or a provider's: no control character of theirs reaches the terminal
            StringBuilder text = new StringBuilder(1024).append(Cli.paint("1", Cli.clean(Cli.redact(modelName)))).append("  (").append(Cli.clean(Cli.redact(id))).append(")\n");
            if (score != null) // 0 is no score, as in the tables, unless its parts make it
                text.append("  score ").append(score == 0 && parts == null ? "-" : score.toString()).append(order != null ? ", " + order : "").append('\n');
            if (parts != null)
                for (Score.Part p : parts)
                    text.append("    ").append(Table.pad(p.name(), 13, true)).append(' ').append(Table.pad(Table.decimals(points(p), 1), 6, false))
                            .append("  ").append(p.input()).append('\n');
            if (priorWeight != null) text.append("    (with evidence, the parts from the catalog count ").append(priorWeight.doubleValue()).append(" of their points)\n");
            if (specialPurpose != null) text.append("  special-purpose (").append(specialPurpose).append("): takes no general slot and no recommendation\n");
            if (filters != null) {
                List<String> passed = new ArrayList<>();
                for (int i = 0; i < filters.size(); i++) if (Boolean.TRUE.equals(filters.get(i))) passed.add(PASSED.get(Filter.RULES.get(i)));
                text.append("  filters passed: ").append(passed.isEmpty() ? "none" : String.join(", ", passed)).append('\n');
            }
            if (dropped != null) text.append("  dropped as ").append(dropped.reason()).append('\n');
            text.append("  in the config: ").append(inConfig ? "yes" : "no").append("; ").append(Cli.clean(Cli.redact(why))).append('\n');
            if (recommendations != null) for (Rank r : recommendations) text.append("  recommended: ").append(r.category()).append(" #").append(r.rank()).append('\n');
            if (sources != null) for (String s : sources) text.append("  ").append(s).append('\n');
            out.print(text);
        }

        /** A part's points as shown: one decimal. */
        static double points(Score.Part p) { return Math.round(p.points() * 10) / 10.0; }
    }

    /** The report as JSON: apart, so that linking a Report for a terminal loads none of minimal-json. */
    static final class Written {
        static JsonObject of(Report r) {
            JsonObject o = new JsonObject().add("model_name", r.modelName()).add("id", r.id());
            if (r.provider() != null) o.add("provider", r.provider());
            o.add("in_catalog", r.score() != null);
            if (r.score() != null) r.figures().addTo(o.add("score", r.score().intValue()));
            if (r.filters() != null) {
                JsonArray rules = new JsonArray();
                for (int i = 0; i < r.filters().size(); i++) {
                    Boolean passed = r.filters().get(i);
                    rules.add(new JsonObject().add("rule", Filter.RULES.get(i)).add("passed", passed == null ? Json.NULL : Json.value(passed.booleanValue())));
                }
                o.add("filters", rules);
            }
            if (r.parts() != null) {
                JsonArray parts = new JsonArray();
                for (Score.Part p : r.parts()) parts.add(new JsonObject().add("name", p.name()).add("points", Report.points(p)).add("input", p.input()));
                o.add("parts", parts).add("position", r.position()).add("order", r.order());
            }
            if (r.score() != null) {
                o.add("special_purpose", r.specialPurpose() == null ? Json.NULL : Json.value(r.specialPurpose()));
                if (r.priorWeight() != null) o.add("prior_weight", r.priorWeight().doubleValue());
            }
            if (r.dropped() != null)
                o.add("dropped", new JsonObject().add("reason", r.dropped().reason())
                        .add("gives_way_to", r.dropped().to() == null ? Json.NULL : Json.value(r.dropped().to())));
            o.add("in_config", r.inConfig()).add("why", r.why());
            if (r.score() != null) {
                JsonArray ranks = new JsonArray(), credits = new JsonArray();
                for (Rank rank : r.recommendations()) ranks.add(new JsonObject().add("category", rank.category()).add("rank", rank.rank()));
                for (String credit : r.sources()) credits.add(credit);
                o.add("recommendations", ranks).add("sources", credits);
            }
            return o;
        }
    }

    /** A recommendation category that lists the model, and its rank there. */
    public record Rank(String category, int rank) {}

    /** The report, or a usage failure naming the closest known model. */
    public static Report of(String name, Universe u) {
        // a name the proxy serves first: a served row's (the direct openai/gpt-5, not the OpenRouter model of that id),
        // then any name an entry of yours gives a catalog model (others than the first are rows after the catalog's)
        for (int i = 0; i < u.catalogSize; i++) if (u.inConfig(i) && u.models.get(i).modelName().equals(name)) return listed(u.models.get(i), name, i, u);
        for (ProxyConfig.Entry e : u.entries)
            if (e.modelName().equals(name))
                for (int i = 0; i < u.catalogSize; i++) if (u.models.get(i).route().equals(e.model())) return listed(u.models.get(i), name, i, u);
        for (int i = 0; i < u.catalogSize; i++) {
            Model m = u.models.get(i);
            if (m.modelName().equals(name) || m.id().equals(name) || m.route().equals(name)) return listed(m, m.modelName(), i, u);
        }
        // the name the sync gives a model that an entry of yours serves under a name of its own (the model's row shows that)
        for (int i = 0; i < u.catalogSize; i++)
            if (Naming.name(u.models.get(i).provider(), u.models.get(i).id()).equals(name)) return listed(u.models.get(i), u.models.get(i).modelName(), i, u);
        for (Filter.Drop d : u.dropped)
            if (d.id().equals(name) || Naming.name("openrouter", d.id()).equals(name)) return dropped(d, u.entries);
        for (ProxyConfig.Entry e : u.entries)
            if (e.modelName().equals(name) || e.model().equals(name))
                return new Report(e.modelName(), e.model(), null, null, null, null, null, 0, null, null, null, null, true,
                        e.managedBy() == null ? "an entry of yours: the sync never scores, moves or changes it"
                                : "synced by " + e.managedBy() + ", whose models the last sync did not keep in data/models.json", null, null);
        List<String> known = new ArrayList<>();
        for (Model m : u.models.subList(0, u.catalogSize)) {
            known.add(m.modelName());
            known.add(m.id());
        }
        for (Filter.Drop d : u.dropped) known.add(d.id());
        for (ProxyConfig.Entry e : u.entries) known.add(e.modelName());
        throw new Cli.Failure(Cli.USAGE, Cli.unknown("model", name, known) + " (not in the last sync's catalog nor in the config)");
    }

    /** The catalog's model at `index` of the universe's models, under `name` (its row's, or another its entries give it). */
    static Report listed(Model m, String name, int index, Universe u) {
        // an OpenRouter model passed every rule of the filter; an Azure or direct model meets none (every one listed is kept)
        List<Boolean> filters = Catalog.ranked(m) ? java.util.Collections.nCopies(Filter.RULES.size(), true) : null;
        List<Model> ranked = Catalog.ranked(m) ? u.rankedTo(index) : List.of(); // up to m, which is last
        int position = ranked.size();
        boolean evidence = !u.standings.isEmpty() && u.standings.get(0).evidence();
        List<Score.Part> parts = null;
        String order = null;
        if (position > 0) {
            Score.Standing standing = u.standings.get(position - 1);
            parts = Score.parts(m, standing.field(m));
            order = order(m, ranked, standing.newer(), u.standings.size());
        } else if (!Catalog.ranked(m)) { // Direct: its score is that of the same model on OpenRouter
            String same = Providers.sameOnOpenRouter(m.provider(), m);
            order = m.popularity() == 0 ? "unknown: OpenRouter's catalog has no " + same + " to lend it one"
                    : "that of " + same + " on OpenRouter (explain " + same + " gives its parts)";
        }
        int synced = 0;
        // what routes to it (under the name asked for, else the first); an entry of another model under its name
        ProxyConfig.Entry own = null, named = null, namesake = null;
        for (ProxyConfig.Entry e : u.entries) {
            if ("openrouter".equals(e.managedBy())) synced++;
            if (e.model().equals(m.route())) {
                if (own == null) own = e;
                if (named == null && e.modelName().equals(name)) named = e;
            } else if (namesake == null && e.modelName().equals(name)) namesake = e;
        }
        if (named != null) own = named;
        String why = own == null && namesake != null ? "not served: an entry of yours has its name and routes to " + namesake.model()
                : own != null && own.managedBy() == null ? "served by an entry of yours (" + own.modelName() + "), which wins over the sync's"
                : own != null && position == 0 ? "synced: every " + m.provider() + " model the sync finds becomes an entry"
                : own != null ? "synced: the last sync wrote the first " + synced + " OpenRouter models of the one order"
                : position > 0 ? "not synced: the last sync wrote the first " + synced + " OpenRouter models of the one order and this is #" + position
                        + " (sync N or OPENROUTER_MODEL_LIMIT sets how many)"
                : "not in the config";
        return new Report(name, m.id(), m.provider(), m.popularity(), m.figures(), filters, parts, position, order, Purpose.of(m.id()),
                parts != null && (m.figures().any() || evidence) ? Score.PRIOR_WITH_EVIDENCE : null, null, own != null, why, picks(m, u.recommendations),
                m.figures().any() ? new ArrayList<>(u.credits.values()) : List.of());
    }

    /** The categories of the recommendations (null: none) that list `m`, and its rank in each. */
    static List<Rank> picks(Model m, List<Recommendations.Category> recommendations) {
        List<Rank> out = new ArrayList<>();
        if (recommendations == null) return out;
        for (Recommendations.Category c : recommendations)
            for (int i = 0; i < c.picks().size(); i++)
                if (m.id().equals(c.picks().get(i).id()) && m.provider().equals(c.picks().get(i).provider())) {
                    out.add(new Rank(c.title(), i + 1));
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

    /** A listing the filter dropped: the rules it passed, the one that dropped it (the rules after it never ran). */
    static Report dropped(Filter.Drop d, List<ProxyConfig.Entry> config) {
        List<Boolean> filters = new ArrayList<>();
        boolean reached = true;
        for (String r : Filter.RULES) {
            boolean failed = r.equals(d.reason());
            filters.add(reached ? !failed : null);
            if (failed) reached = false;
        }
        String why = DROPPED.getOrDefault(d.reason(), d.reason()).replace("%s", String.valueOf(d.to()));
        boolean own = false;
        for (ProxyConfig.Entry e : config) own |= e.model().equals("openrouter/" + d.id());
        return new Report(Naming.name("openrouter", d.id()), d.id(), "openrouter", null, null, filters, null, 0, null, null, null, d, own,
                (own ? "served by an entry of yours; " : "not synced: ") + why, null, null);
    }
}
