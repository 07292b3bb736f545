package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** data/models.json: every model the last sync kept, best first, with when and where it was fetched. */
public record Catalog(String syncedAt, Map<String, String> sources, List<Model> models) {

    public String toJson() {
        JsonObject src = new JsonObject();
        sources.forEach(src::add);
        JsonArray list = new JsonArray();
        models.forEach(m -> list.add(m.toJson()));
        return new JsonObject().add("synced_at", syncedAt).add("sources", src).add("models", list)
                .toString(WriterConfig.PRETTY_PRINT) + "\n";
    }

    public static Catalog read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "no synced catalog yet (" + file + "); run ./magi models sync");
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot read " + file + ": " + e.getMessage());
        }
        try {
            JsonObject o = Json.parse(text).asObject();
            Map<String, String> sources = new LinkedHashMap<>();
            o.get("sources").asObject().forEach(m -> sources.put(m.getName(), m.getValue().asString()));
            List<Model> models = new ArrayList<>();
            for (JsonValue v : o.get("models").asArray()) models.add(Model.fromJson(v.asObject()));
            return new Catalog(o.get("synced_at").asString(), sources, models);
        } catch (RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, file + " is corrupt (" + e.getMessage() + "); run ./magi models sync to rewrite it");
        }
    }
}
