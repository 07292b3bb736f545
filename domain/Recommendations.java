package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * data/model_recommendations.json: for each category of Recommend, its title, its rule and the best models of the
 * catalog with why each was picked, and the attribution of the evidence the figures come from (`sources`).
 * The sync writes it; `recommend --json` reads it, and the other read commands its categories (in UniverseIndex).
 */
public final class Recommendations {
    public static String render(Catalog catalog, Set<String> inConfig) {
        JsonArray sources = new JsonArray();
        for (String credit : catalog.credits().values()) sources.add(credit); // not sources::add: see Catalog.write
        JsonObject out = new JsonObject().add("synced_at", catalog.syncedAt()).add("sources", sources);
        JsonObject cats = new JsonObject();
        Recommend.Candidates ranked = Recommend.candidates(catalog.models());
        for (Recommend r : Recommend.values()) {
            Recommend.Rule rule = r.rule(ranked);
            JsonArray picks = new JsonArray();
            for (Model m : rule.pick(catalog.models(), Recommend.PICKS))
                picks.add(m.figures().addTo(new JsonObject().add("model_name", m.modelName()).add("id", m.id()).add("provider", m.provider())
                        .add("popularity", m.popularity()).add("cost_tier", m.costTier()).add("in_config", inConfig.contains(m.modelName())))
                        .add("reason", rule.reason().apply(m)));
            cats.add(r.key, new JsonObject().add("title", r.title).add("rule", rule.text()).add("models", picks));
        }
        return out.add("categories", cats).toString(WriterConfig.PRETTY_PRINT) + "\n";
    }

    /** One category as the read commands show it: its key, title and rule, and its picks, best first. */
    public record Category(String key, String title, String rule, List<Pick> picks) {}

    /** A pick: which model, and why it is there. */
    public record Pick(String modelName, String id, String provider, String reason) {}

    /**
     * The name of the file, beside data/models.json. A constant, which the compiler copies into the classes that
     * name it: a read command that needs only the name does not load this class (and, with it, minimal-json's jar).
     */
    public static final String FILE = "model_recommendations.json";

    /** Where the sync writes the recommendations of the catalog it writes to `modelsJson`. */
    public static Path beside(Path modelsJson) { return modelsJson.resolveSibling(FILE); }

    /** The categories of the JSON render() writes, in its order; throws on any other shape. */
    public static List<Category> categories(JsonObject rec) {
        List<Category> out = new ArrayList<>();
        for (JsonObject.Member c : rec.get("categories").asObject()) {
            JsonObject category = c.getValue().asObject();
            List<Pick> picks = new ArrayList<>();
            for (JsonValue v : category.get("models").asArray()) {
                JsonObject p = v.asObject();
                picks.add(new Pick(p.getString("model_name", ""), p.getString("id", ""), p.getString("provider", ""), p.getString("reason", "")));
            }
            out.add(new Category(c.getName(), category.getString("title", c.getName()), category.getString("rule", ""), List.copyOf(picks)));
        }
        return out;
    }

    /** The categories of `file`, or null when it is absent or corrupt (then `recommend` reads it and says so). */
    static List<Category> categoriesOrNull(Path file) {
        try {
            return categories(parse(file));
        } catch (Cli.Failure e) {
            return null;
        }
    }

    /** No recommendations file the sync writes comes near this size. */
    static final long MAX_BYTES = 16L << 20;

    /**
     * The file as `recommend --json` shows it: each pick under the name the proxy serves it by, and whether the
     * config (as it is now) serves it.
     */
    public static JsonObject read(Path file, Universe u) {
        JsonObject rec = parse(file);
        for (JsonObject.Member c : rec.get("categories").asObject())
            for (JsonValue p : c.getValue().asObject().get("models").asArray()) {
                JsonObject pick = p.asObject();
                String as = u.servedAs(pick.getString("model_name", ""), pick.getString("provider", "") + "/" + pick.getString("id", ""));
                if (as != null) pick.set("model_name", as); // the name to select: an entry of yours may serve it under its own
                pick.set("in_config", as != null);
            }
        return rec;
    }

    /** The file; any other shape than the one render() writes (categories of objects with a list of picks, each with a string model_name and reason) is corrupt. */
    static JsonObject parse(Path file) {
        try {
            SafeWrite.ordinary(file);
            if (Files.size(file) > MAX_BYTES) throw new IllegalStateException("too large");
            JsonObject rec = Json.parse(Files.readString(file, StandardCharsets.UTF_8)).asObject();
            categories(rec); // its shape
            return rec;
        } catch (NoSuchFileException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "no recommendations yet (" + file + "); run ./magi models sync");
        } catch (IOException | RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, file + " is corrupt; run ./magi models sync to rewrite it");
        }
    }
}
