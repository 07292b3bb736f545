package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** data/models.json: every model the last sync kept, best first, with when and where it was fetched. */
public record Catalog(String syncedAt, Map<String, String> sources, List<Model> models) {

    static final String HEAD_END = ", \"models\": [\n";
    /** No catalog the sync writes comes near this (100,000 models take about 50 MiB); a larger file is not read. */
    static final long MAX_BYTES = 512L << 20;
    /** The first line (synced_at, sources, model_counts) is never longer than this. */
    static final int MAX_HEAD_CHARS = 1 << 16;

    /** How many models of each provider the file holds, from its first line alone (the whole file can be large). */
    public static Map<String, Integer> counts(Path file) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return out;
        try (java.io.Reader r = Files.newBufferedReader(file)) {
            char[] buf = new char[MAX_HEAD_CHARS];
            int n = r.read(buf), nl = 0;
            while (nl < Math.max(n, 0) && buf[nl] != '\n') nl++;
            String head = new String(buf, 0, Math.max(nl, 0));
            Json.parse(head.substring(0, head.length() - HEAD_END.length() + 1) + "}").asObject().get("model_counts").asObject()
                    .forEach(m -> out.put(m.getName(), m.getValue().asInt()));
        } catch (IOException | RuntimeException e) {
            // no previous catalog, or an unreadable one: nothing to compare with
        }
        return out;
    }

    /** One model a line: streams a catalog of any size, and stays readable and greppable. */
    public void write(OutputStream stream) throws IOException {
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        JsonObject src = new JsonObject();
        sources.forEach(src::add);
        JsonObject counts = new JsonObject();
        Map<String, Integer> n = new LinkedHashMap<>();
        models.forEach(m -> n.merge(m.provider(), 1, Integer::sum));
        n.forEach(counts::add);
        out.write("{\"synced_at\": " + Json.value(syncedAt) + ", \"sources\": " + src + ", \"model_counts\": " + counts + HEAD_END);
        for (int i = 0; i < models.size(); i++) {
            models.get(i).toJson().writeTo(out);
            out.write(i + 1 < models.size() ? ",\n" : "\n");
        }
        out.write("]}\n");
        out.flush();
    }

    /**
     * Every model offered now, best first, plus the last known models of every provider this sync did not fetch
     * (it failed, or was not asked: `--providers azure` keeps every OpenRouter model).
     */
    public static Catalog of(Map<String, Offer> offers, Path previous) {
        List<Model> all = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        offers.values().forEach(o -> {
            all.addAll(o.models());
            sources.put(o.provider(), o.source());
        });
        boolean allFetched = counts(previous).keySet().stream().allMatch(offers::containsKey);
        Catalog old = allFetched ? null : previous(previous);
        if (old != null) {
            old.models().stream().filter(m -> !offers.containsKey(m.provider())).forEach(all::add);
            old.sources().forEach((k, v) -> { if (!offers.containsKey(k)) sources.put(k, v); });
        }
        all.sort(Score.ORDER);
        return new Catalog(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)), sources, all);
    }

    /** The last sync's catalog, or null when there is none or it cannot be read (said in a warning). */
    public static Catalog previous(Path file) {
        if (!Files.exists(file)) return null;
        try {
            return read(file);
        } catch (Cli.Failure e) {
            Cli.warn(e.getMessage() + "; the models of the providers this sync did not fetch are left out of it");
            return null;
        }
    }

    public static Catalog read(Path file) {
        String text;
        try {
            SafeWrite.ordinary(file);
            if (Files.size(file) > MAX_BYTES)
                throw new Cli.Failure(Cli.BAD_FILE, file + " is larger than " + (MAX_BYTES >> 20) + " MiB, which no synced catalog is; run ./magi models sync to rewrite it");
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
