package domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One entry per model. Of the listings that passed the filter, these give way to another listing, unless
 * `keep_editions` in config/sync.yaml names their kind:
 *   preview      a pre-release (a `preview`, `exp`, `experimental`, `beta` or `alpha` word) gives way to the
 *                release of its line (gemini-2.5-pro-preview-05-06 to gemini-2.5-pro);
 *   snapshot     a dated snapshot named as its release plus a note in brackets ("GPT-4o (2024-11-20)") gives
 *                way to the release (gpt-4o); of other dated versions ("Kimi K2 0905", "Mistral Large 3 2512")
 *                and the release, the newest by `created` stays (mistral-large gives way to mistral-large-2512);
 *   fast         a `-fast` or `-turbo` edition that costs more than the model it names gives way to it
 *                (claude-opus-4.7-fast to claude-opus-4.7; a cheaper `-fast` is a smaller model of its own);
 *   customtools, latest, high   that edition gives way to the model it names (o4-mini-high to o4-mini).
 * A line: the ids of one provider and variant that are equal once their date words (2024-11-20, 2512, 0613,
 * 02-23, 09-2025, 001) and pre-release words are removed.
 */
public final class Editions {
    public static final List<String> KINDS = List.of("preview", "snapshot", "fast", "customtools", "latest", "high");
    static final Set<String> PRE_RELEASE = Set.of("preview", "exp", "experimental", "beta", "alpha");
    static final Map<String, String> EDITION_KIND = Map.of("fast", "fast", "turbo", "fast", "customtools", "customtools",
            "latest", "latest", "high", "high");
    /**
     * The date words, as the digits after a '-' (the first form that fits, ending where another '-' or the id
     * does): 2024-11-20, 09-2025, 02-23, 20250514, 250514, 2512 or 0613, 001. What the regular expression
     * -(?:\d{4}-\d{2}-\d{2}|\d{2}-\d{4}|\d{2}-\d{2}|\d{8}|\d{6}|\d{4}|\d{3})(?=-|$) matches, scanned by hand: a sync
     * reads the dates of every id of the catalog, twice (IdScanTest checks the scan against the expression).
     */
    static final String[] DATE_FORMS = {"dddd-dd-dd", "dd-dddd", "dd-dd", "dddddddd", "dddddd", "dddd", "ddd"};

    /** The listings that stay, in their order, and those that give way, each naming the one it gives way to. */
    public record Result(List<Listing> kept, List<Filter.Drop> drops) {}

    public static Result apply(List<Listing> listings, List<String> keep) {
        Map<String, Listing> byId = new LinkedHashMap<>();
        listings.forEach(l -> byId.put(l.id(), l));
        Map<String, Filter.Drop> drops = new LinkedHashMap<>();
        for (Listing l : listings) {
            String[] edition = edition(l.id());
            Listing model = edition == null ? null : byId.get(edition[1]);
            if (model == null || keep.contains(EDITION_KIND.get(edition[0]))) continue;
            if (EDITION_KIND.get(edition[0]).equals("fast") && l.blendedPer1m() <= model.blendedPer1m()) continue;
            drops.put(l.id(), new Filter.Drop(l.id(), "edition", model.id()));
        }
        List<String> lineOf = listings.parallelStream().map(l -> line(l.id())).toList(); // pure: two cores read 100,000 ids
        Map<String, List<Listing>> lines = new LinkedHashMap<>();
        for (int i = 0; i < listings.size(); i++) {
            Listing l = listings.get(i);
            if (!drops.containsKey(l.id())) lines.computeIfAbsent(lineOf.get(i), k -> new ArrayList<>()).add(l);
        }
        for (List<Listing> line : lines.values()) if (line.size() > 1) oneOfLine(line, keep, drops);
        Map<String, Filter.Drop> resolved = new HashMap<>();
        drops.values().forEach(d -> resolved.put(d.id(), new Filter.Drop(d.id(), d.reason(), survivor(d.to(), drops))));
        return new Result(listings.stream().filter(l -> !drops.containsKey(l.id())).toList(),
                drops.keySet().stream().map(resolved::get).toList());
    }

    /**
     * A dated listing named as the release plus a note in brackets ("GPT-4o (2024-11-20)", "GPT-3.5 Turbo (older
     * v0613)") is a pinned snapshot: it gives way to the release. Of the rest, the newest stays (the release on a
     * tie): dated versions with names of their own ("Kimi K2 0905", "Mistral Large 3 2512") are updates. Pre-releases
     * stay only when the line has nothing else.
     */
    static void oneOfLine(List<Listing> line, List<String> keep, Map<String, Filter.Drop> drops) {
        Listing release = line.stream().filter(l -> !preRelease(l.id()) && !dated(l.id())).findFirst().orElse(null);
        // by id: a listing's id is its own in a catalog, and comparing records field by field is slow in a cold JVM
        Set<String> pinned = new java.util.HashSet<>();
        for (Listing l : line) if (release != null && dated(l.id()) && !preRelease(l.id()) && pinnedTo(l, release)) pinned.add(l.id());
        List<Listing> released = line.stream().filter(l -> !preRelease(l.id()) && !pinned.contains(l.id())).toList();
        List<Listing> candidates = released.isEmpty() ? line : released;
        Listing stays = candidates.stream().min(Comparator.comparingLong(Listing::created).reversed()
                .thenComparing(l -> dated(l.id())).thenComparing(Listing::id)).orElseThrow();
        for (Listing l : line) {
            if (l == stays) continue;
            String kind = preRelease(l.id()) ? "preview" : "snapshot";
            if (!keep.contains(kind)) drops.put(l.id(), new Filter.Drop(l.id(), kind, pinned.contains(l.id()) ? release.id() : stays.id()));
        }
    }

    /** Named as the release plus a note in brackets. */
    static boolean pinnedTo(Listing snapshot, Listing release) {
        String name = shortName(snapshot.name());
        return name.endsWith(")") && name.contains(" (") && name.substring(0, name.lastIndexOf(" (")).equals(shortName(release.name()));
    }

    /** The name without its "Provider: " prefix. */
    static String shortName(String name) { return name.substring(name.indexOf(": ") + 1).strip().toLowerCase(java.util.Locale.ROOT); }

    /** Follows "gives way to" until a listing that stays. */
    static String survivor(String id, Map<String, Filter.Drop> drops) {
        for (int hops = 0; drops.containsKey(id) && hops < 10; hops++) id = drops.get(id).to();
        return id;
    }

    /** The kind word and the id of the model an edition names (claude-opus-4.7-fast: fast, claude-opus-4.7), or null. */
    static String[] edition(String id) {
        int colon = id.indexOf(':');
        String base = colon < 0 ? id : id.substring(0, colon), variant = colon < 0 ? "" : id.substring(colon);
        int dash = base.lastIndexOf('-');
        if (dash <= base.indexOf('/')) return null;
        String word = base.substring(dash + 1);
        return EDITION_KIND.containsKey(word) ? new String[] {word, base.substring(0, dash) + variant} : null;
    }

    /** The id with its date and pre-release words removed: listings of one line are one model. */
    static String line(String id) {
        int colon = id.indexOf(':');
        String base = colon < 0 ? id : id.substring(0, colon), variant = colon < 0 ? "" : id.substring(colon);
        StringBuilder out = new StringBuilder();
        for (String part : undated(base).split("-"))
            if (!PRE_RELEASE.contains(part)) out.append(out.length() == 0 ? "" : "-").append(part);
        return out + variant;
    }

    static boolean preRelease(String id) {
        String base = Listing.base(id);
        for (String part : base.substring(base.indexOf('/') + 1).split("-")) if (PRE_RELEASE.contains(part)) return true;
        return false;
    }

    static boolean dated(String id) {
        String base = Listing.base(id);
        for (int i = base.indexOf('-'); i >= 0; i = base.indexOf('-', i + 1)) if (dateEnd(base, i) > 0) return true;
        return false;
    }

    /** `s` without its date words (each with the '-' before it). */
    static String undated(String s) {
        StringBuilder out = null;
        int kept = 0;
        for (int i = s.indexOf('-'); i >= 0; ) {
            int end = dateEnd(s, i);
            if (end < 0) {
                i = s.indexOf('-', i + 1);
                continue;
            }
            if (out == null) out = new StringBuilder(s.length());
            out.append(s, kept, i);
            kept = i = end; // the next date word may start at the '-' that ended this one
        }
        return out == null ? s : out.append(s, kept, s.length()).toString();
    }

    /** Where the date word that starts with the '-' at `dash` ends, or -1 when none does. */
    static int dateEnd(String s, int dash) {
        for (String form : DATE_FORMS) {
            int end = dash + 1 + form.length();
            if (end > s.length() || !endsWord(s, end)) continue;
            boolean fits = true;
            for (int k = 0; k < form.length() && fits; k++) {
                char c = s.charAt(dash + 1 + k);
                fits = form.charAt(k) == 'd' ? c >= '0' && c <= '9' : c == '-';
            }
            if (fits) return end;
        }
        return -1;
    }

    /** A '-' follows, or the end (what $ matches: the end, or a line terminator at the end). */
    static boolean endsWord(String s, int at) {
        if (at == s.length()) return true;
        char c = s.charAt(at);
        if (c == '-') return true;
        if (at == s.length() - 2) return c == '\r' && s.charAt(at + 1) == '\n';
        return at == s.length() - 1 && (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029');
    }
}
