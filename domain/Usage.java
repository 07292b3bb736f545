package domain;

import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenRouter's usage ranking (`GET {OPENROUTER_API_BASE}/datasets/rankings-daily`): for each day of a window,
 * the tokens of its 50 most used models plus an `other` row. Kept as tokens per day, in total and per model
 * (keyed by permaslug, the catalog's canonical_slug; a `:free` or other variant row counts for its model).
 */
public record Usage(String asOf, LocalDate start, long[] totals, Map<String, long[]> tokens) {
    public static final String PATH = "/datasets/rankings-daily";
    static final int MAX_DAYS = 400;
    static final BigDecimal MAX_TOKENS = new BigDecimal("1e17");

    /** The share of all tokens a model had from the day it was listed (or the window's start) to the window's end; null when never ranked. */
    public Double share(String slug, long created) {
        long[] mine = tokens.get(slug);
        if (mine == null) return null;
        LocalDate listed = Instant.ofEpochSecond(created).atZone(ZoneOffset.UTC).toLocalDate();
        int from = (int) Math.max(0, ChronoUnit.DAYS.between(start, listed));
        long own = 0, all = 0;
        for (int d = from; d < totals.length; d++) {
            own += mine[d];
            all += totals[d];
        }
        return own == 0 || all == 0 ? null : (double) own / all;
    }

    public LocalDate end() { return start.plusDays(totals.length - 1); }

    /** "Source: ..., as of ...": the attribution CC BY 4.0 asks for wherever the figures are shown. */
    public String credit() {
        return "Source: OpenRouter (openrouter.ai/rankings), as of " + asOf + "; usage share of tokens " + start + " to " + end();
    }

    /** The answer, checked: a `data` list of rows with a date, a model_permaslug and total_tokens; throws naming what is wrong. */
    public static Usage parse(JsonValue body) {
        JsonObject meta = Evidence.meta(body);
        JsonArray rows = Evidence.rows(body);
        LocalDate first = null, last = null;
        int bad = 0;
        for (JsonValue v : rows) {
            LocalDate d = v.isObject() ? Evidence.date(v.asObject().get("date")) : null;
            if (d == null) { bad++; continue; }
            first = first == null || d.isBefore(first) ? d : first;
            last = last == null || d.isAfter(last) ? d : last;
        }
        LocalDate start = Evidence.date(meta.get("start_date")), end = Evidence.date(meta.get("end_date"));
        if (start == null) start = first;
        if (end == null) end = last;
        if (start == null || end.isBefore(start) || ChronoUnit.DAYS.between(start, end) >= MAX_DAYS)
            throw new IllegalArgumentException("no window of days");
        int days = (int) ChronoUnit.DAYS.between(start, end) + 1;
        long[] totals = new long[days];
        Map<String, long[]> tokens = new HashMap<>();
        for (JsonValue v : rows) {
            if (!v.isObject()) continue;
            LocalDate d = Evidence.date(v.asObject().get("date"));
            String slug = Evidence.slug(v.asObject().get("model_permaslug"));
            long n = count(v.asObject().get("total_tokens"));
            if (d == null) continue;
            if (slug == null || n < 0) { bad++; continue; }
            int day = (int) ChronoUnit.DAYS.between(start, d);
            if (day < 0 || day >= days) continue;
            totals[day] += n;
            if (!slug.equals("other")) tokens.computeIfAbsent(slug, k -> new long[days])[day] += n;
        }
        Evidence.checkRows(rows.size(), bad);
        return new Usage(Evidence.asOf(meta, end), start, totals, tokens);
    }

    /** A whole number of tokens, as a decimal string or a number; -1 when it is not one. */
    static long count(JsonValue v) {
        String s = v == null ? null : v.isString() ? v.asString() : v.isNumber() ? v.toString() : null;
        try {
            BigDecimal d = new BigDecimal(s.strip());
            return d.signum() < 0 || d.compareTo(MAX_TOKENS) > 0 ? -1 : d.toBigIntegerExact().longValueExact();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    public JsonObject toJson() {
        JsonObject t = new JsonObject();
        tokens.forEach((k, v) -> t.add(k, array(v)));
        return new JsonObject().add("as_of", asOf).add("start", start.toString()).add("totals", array(totals)).add("tokens", t);
    }

    public static Usage fromJson(JsonObject o) {
        long[] totals = longs(o.get("totals").asArray());
        Map<String, long[]> tokens = new HashMap<>();
        for (JsonObject.Member m : o.get("tokens").asObject()) {
            long[] t = longs(m.getValue().asArray());
            if (t.length != totals.length) throw new IllegalArgumentException("days differ");
            tokens.put(m.getName(), t);
        }
        return new Usage(o.get("as_of").asString(), LocalDate.parse(o.get("start").asString()), totals, tokens);
    }

    static JsonArray array(long[] values) {
        JsonArray a = new JsonArray();
        for (long v : values) a.add(v);
        return a;
    }

    static long[] longs(JsonArray a) {
        List<JsonValue> values = a.values();
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = values.get(i).asLong();
        return out;
    }
}
