package domain;

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * One model as the provider lists it, validated, with only what the sync uses (a catalog may hold 100,000).
 * Prices are dollars per token, as OpenRouter gives them. tools and reasoning: in supported_parameters;
 * imageInput: in architecture.input_modalities; outputs: architecture.output_modalities (empty when not listed); both
 * from architecture.modality ("text+image->text") when the catalog has no such list.
 * slug: the canonical_slug that usage and benchmark rows name (the id without its variant when absent).
 * cacheRead and cacheWrite: pricing.input_cache_read and input_cache_write, null when not given (or not a price).
 */
public record Listing(String id, String name, String slug, long created, long contextLength, long maxOutputTokens,
                      BigDecimal prompt, BigDecimal completion, boolean tools, boolean reasoning, boolean imageInput,
                      List<String> outputs, LocalDate expires, BigDecimal cacheRead, BigDecimal cacheWrite) {

    public String provider() { return id.substring(0, id.indexOf('/')); }

    /** This listing with another `created`. */
    Listing listedAt(long when) {
        return new Listing(id, name, slug, when, contextLength, maxOutputTokens, prompt, completion, tools, reasoning, imageInput,
                outputs, expires, cacheRead, cacheWrite);
    }
    /** The part after ':' (free, thinking, extended, ...), or "" for a base model. */
    public String variant() {
        int c = id.indexOf(':');
        return c < 0 ? "" : id.substring(c + 1);
    }
    /** The id without its variant: the model a `:free` or `:thinking` listing is a variant of. */
    public String base() { return base(id); }

    /** An id without its `:variant` (what `replaceFirst(":.*", "")` gives, without compiling a pattern per call). */
    static String base(String id) {
        int c = id.indexOf(':');
        return c < 0 ? id : id.substring(0, c);
    }
    /** Text among the outputs, or no outputs listed (older catalogs). */
    public boolean textOutput() { return outputs.isEmpty() || outputs.contains("text"); }
    public boolean variablePrice() { return prompt.signum() < 0 || completion.signum() < 0; }
    public boolean free() { return prompt.signum() == 0 && completion.signum() == 0; }
    public double inputPer1m() { return perMillion(prompt).doubleValue(); }
    public double outputPer1m() { return perMillion(completion).doubleValue(); }
    /** The price the cost tier and the score are judged on: the mean of input and output per 1M tokens. */
    public double blendedPer1m() { return perMillion(prompt).add(perMillion(completion)).doubleValue() / 2; }

    static BigDecimal perMillion(BigDecimal perToken) { return perToken.movePointRight(6).stripTrailingZeros(); }

    static final long MAX_CONTEXT = 100_000_000;
    /** Seconds of the year 5138: a `created` beyond is in milliseconds (1.7e12 in 2026). */
    static final long MILLISECONDS = 100_000_000_000L;
    static final BigDecimal MAX_PRICE = new BigDecimal("0.01"); // $10,000 per 1M tokens: beyond is a data error

    /**
     * Whether `id` is maker/model in the characters an id may have: [A-Za-z0-9~][A-Za-z0-9._~-]* / [A-Za-z0-9][A-Za-z0-9._:+@-]*.
     * Scanned by hand (IdScanTest checks it against that pattern): `explain` reads Listing, and compiling a pattern
     * would cost it the linking of the pattern's lambdas.
     */
    static boolean validId(String id) {
        int slash = id.indexOf('/');
        if (slash < 1 || slash == id.length() - 1) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean alnum = c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            boolean ok = i == 0 ? alnum || c == '~'
                    : i < slash ? alnum || c == '.' || c == '_' || c == '~' || c == '-'
                    : i == slash || (i == slash + 1 ? alnum : alnum || c == '.' || c == '_' || c == ':' || c == '+' || c == '@' || c == '-');
            if (!ok) return false;
        }
        return true;
    }

    /** The fields of a catalog entry that parse() reads: the catalog's parser keeps no other (ListingTest checks it). */
    public static final java.util.Set<String> FIELDS = java.util.Set.of("id", "name", "canonical_slug", "created", "context_length",
            "pricing", "top_provider", "architecture", "supported_parameters", "expiration_date");

    /** A valid Listing, or null when the entry is malformed (wrong types, absurd values, unusable id). */
    public static Listing parse(JsonValue v) {
        if (v == null || !v.isObject()) return null;
        JsonObject o = v.asObject();
        String id = JsonFields.string(o.get("id"));
        if (id == null || id.length() > 200 || !validId(id)) return null;
        JsonObject pricing = o.get("pricing") != null && o.get("pricing").isObject() ? o.get("pricing").asObject() : null;
        if (pricing == null) return null;
        BigDecimal prompt = price(pricing.get("prompt")), completion = price(pricing.get("completion"));
        if (prompt == null || completion == null) return null;
        long context = JsonFields.whole(o.get("context_length"));
        if (context < 1 || context > MAX_CONTEXT) return null;
        JsonObject top = o.get("top_provider") != null && o.get("top_provider").isObject() ? o.get("top_provider").asObject() : new JsonObject();
        long maxOut = Math.max(0, JsonFields.whole(top.get("max_completion_tokens")));
        if (maxOut > MAX_CONTEXT) return null;
        JsonObject arch = o.get("architecture") != null && o.get("architecture").isObject() ? o.get("architecture").asObject() : new JsonObject();
        LocalDate expires = null;
        String exp = JsonFields.string(o.get("expiration_date"));
        if (exp != null) {
            try {
                expires = LocalDate.parse(exp.length() >= 10 ? exp.substring(0, 10) : exp);
            } catch (RuntimeException e) {
                return null;
            }
        }
        String name = JsonFields.string(o.get("name")), slug = JsonFields.string(o.get("canonical_slug"));
        if (slug == null || slug.length() > 200 || !validId(slug)) slug = base(id);
        long created = Math.max(0, JsonFields.whole(o.get("created")));
        if (created > MILLISECONDS) created /= 1000; // a date in milliseconds, not the seconds OpenRouter gives
        List<String> parameters = JsonFields.strings(o.get("supported_parameters")), output = modalities(arch, "output_modalities", false);
        return new Listing(id, name == null ? id : name, slug, created, context, maxOut, prompt, completion,
                parameters.contains("tools"), parameters.contains("reasoning"), modalities(arch, "input_modalities", true).contains("image"),
                output.stream().map(m -> m.toLowerCase(java.util.Locale.ROOT)).distinct().toList(), expires,
                cachePrice(pricing.get("input_cache_read")), cachePrice(pricing.get("input_cache_write")));
    }

    /**
     * The architecture's input or output modalities: its list, else that side of `modality` ("text+image->text"),
     * which older catalogs (and the spec's sample answer) give alone.
     */
    static List<String> modalities(JsonObject arch, String list, boolean input) {
        if (arch.get(list) != null) return JsonFields.strings(arch.get(list));
        String m = JsonFields.string(arch.get("modality"));
        int arrow = m == null ? -1 : m.indexOf("->");
        if (arrow < 0) return List.of();
        List<String> out = new java.util.ArrayList<>();
        for (String part : (input ? m.substring(0, arrow) : m.substring(arrow + 2)).split("\\+")) if (!part.isBlank()) out.add(part.strip());
        return out;
    }

    /** A cache price: a price that is not "-1", or null. */
    static BigDecimal cachePrice(JsonValue v) {
        BigDecimal d = price(v);
        return d == null || d.signum() < 0 ? null : d;
    }

    /** Longer price strings are refused: no price needs more, and long ones cost BigDecimal arithmetic time. */
    static final int MAX_PRICE_CHARS = 40;

    /**
     * A price string ("0.0000025"), or "-1" for variable; null when absent, non-numeric, negative or absurd. A price
     * with more than 30 digits or decimals ("1e-3500000") becomes the double LiteLLM would read, so arithmetic on it
     * stays cheap.
     */
    public static BigDecimal price(JsonValue v) {
        String s = v == null ? null : v.isString() ? v.asString() : v.isNumber() ? v.toString() : null;
        if (s == null || s.length() > MAX_PRICE_CHARS) return null;
        try {
            BigDecimal d = new BigDecimal(s.strip());
            if (d.scale() > 30 || d.precision() > 30 || d.scale() < -30) d = new BigDecimal(Double.toString(d.doubleValue()));
            if (d.compareTo(BigDecimal.ONE.negate()) == 0) return d;
            return d.signum() < 0 || d.compareTo(MAX_PRICE) > 0 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
