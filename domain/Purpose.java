package domain;

import java.util.List;
import java.util.Set;

/**
 * Special-purpose models, told by the words of their id: they take no general slot (they follow every general
 * model in the one order) and no recommendation. Safety classifiers and guards (guard, guardian, safeguard,
 * moderation, classifier, shield...), research agents (research, deepresearch, multi-agent), routers (router,
 * auto, openrouter/free) and single-task tools (ocr, apply, audio).
 */
public final class Purpose {
    static final Set<String> SAFETY = Set.of("guard", "guardian", "safeguard", "moderation", "classifier");
    static final Set<String> TOOLS = Set.of("ocr", "apply", "audio");
    /** Some word above is part of every special-purpose id: a cheap first look (a sync may look at 100,000 ids). */
    static final List<String> STEMS = List.of("guard", "moderation", "classifier", "shield", "research", "agent", "router", "auto", "free",
            "ocr", "apply", "audio");

    /** What a special-purpose model is for, or null for a general model. */
    public static String of(String id) {
        if (!stemIn(id)) return null;
        List<String> words = Tags.words(Listing.base(id));
        if (words.stream().anyMatch(w -> SAFETY.contains(w) || w.startsWith("shield"))) return "a safety classifier";
        if (words.contains("research") || words.contains("deepresearch") || adjacent(words, "multi", "agent")) return "a research agent";
        if (words.contains("router") || words.contains("auto") || id.equals("openrouter/free")) return "a router";
        if (words.stream().anyMatch(TOOLS::contains)) return "a single-task tool (" + words.stream().filter(TOOLS::contains).findFirst().get() + ")";
        return null;
    }

    /** Whether the id, in lower case, holds a stem: in one pass over an ASCII id (any id of OpenRouter's). */
    static boolean stemIn(String id) {
        for (int i = 0; i < id.length(); i++)
            if (id.charAt(i) >= 0x80) { // lower-casing may change its length or make ASCII of it: as it does
                String lower = id.toLowerCase(java.util.Locale.ROOT);
                for (String stem : STEMS) if (lower.contains(stem)) return true;
                return false;
            }
        for (int i = 0; i + 1 < id.length(); i++) {
            int a = (id.charAt(i) | 0x20) - 'a', b = (id.charAt(i + 1) | 0x20) - 'a'; // ASCII letters in lower case, from 0
            if (a >= 0 && a < 26 && b >= 0 && b < 26 && Stems.OPENINGS[a * 26 + b])
                for (String stem : Stems.ALL) if (id.regionMatches(true, i, stem, 0, stem.length())) return true;
        }
        return false;
    }

    /** The stems, and which two letters open one (a-z by a-z): made on first use, by a sync. */
    static final class Stems {
        static final String[] ALL = STEMS.toArray(new String[0]);
        static final boolean[] OPENINGS = new boolean[26 * 26];
        static {
            for (String stem : ALL) OPENINGS[(stem.charAt(0) - 'a') * 26 + stem.charAt(1) - 'a'] = true;
        }
    }

    static boolean adjacent(List<String> words, String a, String b) {
        for (int i = 0; i + 1 < words.size(); i++) if (words.get(i).equals(a) && words.get(i + 1).equals(b)) return true;
        return false;
    }
}
