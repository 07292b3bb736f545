package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
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

/**
 * data/models.json: every model the last sync kept, in the one order (Ranking), with when and where it was
 * fetched, the attribution of the evidence the order rests on (`evidence`: usage, benchmarks), and the listings
 * the filter left out (`dropped`: id, reason, and the id an edition gives way to) for `explain`.
 */
public record Catalog(String syncedAt, Map<String, String> sources, List<Model> models, Map<String, String> credits, List<Filter.Drop> dropped,
                      String criteria) {

    public Catalog(String syncedAt, Map<String, String> sources, List<Model> models) {
        this(syncedAt, sources, models, Map.of(), List.of(), null);
    }

    static final String HEAD_END = ", \"models\": [\n";
    /** No catalog the sync writes comes near this (100,000 models take about 50 MiB); a larger file is not read. */
    static final long MAX_BYTES = 512L << 20;
    /** The first line (synced_at, sources, model_counts) is never longer than this. */
    static final int MAX_HEAD_CHARS = 1 << 16;

    /**
     * A catalog's first line: how many models of each provider it holds; the fingerprint of the criteria its
     * OpenRouter models were kept by (Criteria.fingerprint; null before it was written, or without OpenRouter);
     * and how many valid listings OpenRouter's catalog had, kept or dropped (0: not written).
     */
    public record Head(Map<String, Integer> counts, String criteria, int listed) {}

    /** The file's Head, from its first line alone (the whole file can be large). */
    public static Head head(Path file) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return new Head(out, null, 0);
        try (java.io.Reader r = Files.newBufferedReader(file)) {
            char[] buf = new char[MAX_HEAD_CHARS];
            int n = r.read(buf), nl = 0;
            while (nl < Math.max(n, 0) && buf[nl] != '\n') nl++;
            String head = new String(buf, 0, Math.max(nl, 0));
            JsonObject o = Json.parse(head.substring(0, head.length() - HEAD_END.length() + 1) + "}").asObject();
            o.get("model_counts").asObject().forEach(m -> out.put(m.getName(), m.getValue().asInt()));
            long listed = JsonFields.whole(o.get("listed"));
            return new Head(out, JsonFields.string(o.get("criteria")), (int) Math.max(0, Math.min(listed, Integer.MAX_VALUE)));
        } catch (IOException | RuntimeException e) {
            // no previous catalog, or an unreadable one: nothing to compare with
            return new Head(new LinkedHashMap<>(), null, 0);
        }
    }

    /** One model a line: streams a catalog of any size, and stays readable and greppable. */
    public void write(OutputStream out) throws IOException {
        // loops, not method references to minimal-json's methods: resolving one when the class-data archive is made
        // links minimal-json's Java 5 classes, which the archive then leaves out (see magi's dump_archive)
        JsonObject src = new JsonObject();
        for (Map.Entry<String, String> e : sources.entrySet()) src.add(e.getKey(), e.getValue());
        Map<String, Integer> n = new LinkedHashMap<>();
        for (Model m : models) n.merge(m.provider(), 1, Integer::sum);
        JsonObject counts = new JsonObject();
        for (Map.Entry<String, Integer> e : n.entrySet()) counts.add(e.getKey(), e.getValue());
        JsonObject evidence = new JsonObject();
        for (Map.Entry<String, String> e : credits.entrySet()) evidence.add(e.getKey(), e.getValue());
        out.write(utf8("{\"synced_at\": " + Json.value(syncedAt) + ", \"sources\": " + src + ", \"evidence\": " + evidence
                + (criteria == null ? "" : ", \"criteria\": " + Json.value(criteria) + ", \"listed\": " + (n.getOrDefault("openrouter", 0) + dropped.size()))
                + ", \"model_counts\": " + counts + HEAD_END));
        StringBuilder line = new StringBuilder(2048);
        for (int i = 0; i < models.size(); i++) {
            line.setLength(0);
            out.write(utf8(json(models.get(i), line).append(i + 1 < models.size() ? ",\n" : "\n")));
        }
        out.write(utf8("], \"dropped\": [\n"));
        for (int i = 0; i < dropped.size(); i++) {
            Filter.Drop d = dropped.get(i);
            JsonObject o = new JsonObject().add("id", d.id()).add("reason", d.reason());
            if (d.to() != null) o.add("gives_way_to", d.to());
            out.write(utf8(o + (i + 1 < dropped.size() ? ",\n" : "\n")));
        }
        out.write(utf8("]}\n"));
        out.flush();
    }

    /**
     * Text as UTF-8, written as bytes rather than through a Writer, which copies each line into a String and then
     * into chars before it encodes them one by one: a tenth of the writing of 100,000 models. An ASCII line is only
     * copied, into a String and then its bytes.
     */
    static byte[] utf8(CharSequence text) { return text.toString().getBytes(StandardCharsets.UTF_8); }

    /**
     * The fields of `m` (Model.fields: the one shape) as `m.toJson()` writes them, appended to `out` without building
     * a JsonObject: a sync writes up to 100,000 of them, and building and writing one each took a third of its writing
     * time (CatalogTest checks both agree).
     */
    static StringBuilder json(Model m, StringBuilder out) {
        Model.Text text = new Model.Text(out, null);
        m.fields(text);
        return text.close();
    }

    /**
     * Every model offered now, plus the last known models of every provider this sync did not fetch (it failed,
     * or was not asked: `--providers azure` keeps every OpenRouter model): OpenRouter's in its one order, and the
     * others (Azure, direct) merged in by score, so that OpenRouter's stay a prefix-stable order. `criteria`: the
     * fingerprint of the criteria this sync kept OpenRouter's models by (the last sync's stays when it did not fetch them).
     */
    public static Catalog of(Map<String, Offer> offers, Path previous, String criteria) {
        List<Model> all = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>(), credits = new LinkedHashMap<>();
        List<Filter.Drop> dropped = new ArrayList<>();
        offers.values().forEach(o -> {
            all.addAll(o.models());
            sources.put(o.provider(), o.source());
            credits.putAll(o.credits());
            dropped.addAll(o.dropped());
        });
        boolean allFetched = head(previous).counts().keySet().stream().allMatch(offers::containsKey);
        Catalog old = allFetched ? null : previous(previous);
        if (old != null) {
            old.models().stream().filter(m -> !offers.containsKey(m.provider())).forEach(all::add);
            old.sources().forEach((k, v) -> { if (!offers.containsKey(k)) sources.put(k, v); });
            if (!offers.containsKey("openrouter")) {
                credits.putAll(old.credits());
                dropped.addAll(old.dropped());
            }
        }
        return new Catalog(DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)), sources, merged(all),
                credits, dropped, offers.containsKey("openrouter") ? criteria : old == null ? null : old.criteria());
    }

    /** Whether the one order (Ranking) placed `m`: OpenRouter's models; the others are merged in by score. */
    public static boolean ranked(Model m) { return m.provider().equals("openrouter"); }

    /** The models the one order placed, in it. */
    public List<Model> ranked() { return models.stream().filter(Catalog::ranked).toList(); }

    /** OpenRouter's models in their order; each other model goes before the first of them with a lower score. */
    static List<Model> merged(List<Model> all) {
        List<Model> ranked = all.stream().filter(Catalog::ranked).toList();
        List<Model> others = all.stream().filter(m -> !ranked(m)).sorted(Score.ORDER).toList();
        List<Model> out = new ArrayList<>(all.size());
        int i = 0, j = 0;
        while (i < ranked.size() || j < others.size())
            out.add(j < others.size() && (i == ranked.size() || others.get(j).popularity() > ranked.get(i).popularity()) ? others.get(j++) : ranked.get(i++));
        return out;
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
            Map<String, String> credits = new LinkedHashMap<>();
            if (o.get("evidence") != null) o.get("evidence").asObject().forEach(m -> credits.put(m.getName(), m.getValue().asString()));
            List<Filter.Drop> dropped = new ArrayList<>();
            if (o.get("dropped") != null)
                for (JsonValue v : o.get("dropped").asArray())
                    dropped.add(new Filter.Drop(v.asObject().get("id").asString(), v.asObject().get("reason").asString(),
                            v.asObject().getString("gives_way_to", null)));
            return new Catalog(o.get("synced_at").asString(), sources, models, credits, dropped, JsonFields.string(o.get("criteria")));
        } catch (RuntimeException e) {
            // the parser's message says where; a missing or mistyped field has only Java's to give, never shown
            String why = e instanceof com.eclipsesource.json.ParseException ? e.getMessage() : "a field is missing or of the wrong type";
            throw new Cli.Failure(Cli.BAD_FILE, file + " is corrupt (" + why + "); run ./magi models sync to rewrite it");
        }
    }
}
