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
import java.util.Set;

/**
 * data/model_recommendations.json: for each category of Recommend, its title, its rule and the best models of the
 * catalog with why each was picked, and the attribution of the evidence the figures come from (`sources`).
 * The sync writes it; `recommend` reads it.
 */
public final class Recommendations {
    public static String render(Catalog catalog, Set<String> inConfig) {
        JsonArray sources = new JsonArray();
        catalog.credits().values().forEach(sources::add);
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

    /** No recommendations file the sync writes comes near this size. */
    static final long MAX_BYTES = 16L << 20;

    /**
     * The file with each pick's in_config set from `served`, the config as it is now. Any other shape than the one
     * render() writes (categories of objects with a list of picks, each with a string model_name and reason) is corrupt.
     */
    public static JsonObject read(Path file, Set<String> served) {
        JsonObject rec;
        try {
            SafeWrite.ordinary(file);
            if (Files.size(file) > MAX_BYTES) throw new IllegalStateException("too large");
            rec = Json.parse(Files.readString(file, StandardCharsets.UTF_8)).asObject();
            for (JsonObject.Member c : rec.get("categories").asObject())
                for (JsonValue p : c.getValue().asObject().get("models").asArray()) {
                    for (String field : new String[] {"model_name", "reason"})
                        if (p.asObject().get(field) != null && !p.asObject().get(field).isString()) throw new IllegalStateException(field + " is not a string");
                    p.asObject().set("in_config", served.contains(p.asObject().getString("model_name", "")));
                }
        } catch (NoSuchFileException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "no recommendations yet (" + file + "); run ./magi models sync");
        } catch (IOException | RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, file + " is corrupt; run ./magi models sync to rewrite it");
        }
        return rec;
    }
}
