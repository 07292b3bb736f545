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
        String lower = id.toLowerCase(java.util.Locale.ROOT);
        if (STEMS.stream().noneMatch(lower::contains)) return null;
        List<String> words = Tags.words(Listing.base(id));
        if (words.stream().anyMatch(w -> SAFETY.contains(w) || w.startsWith("shield"))) return "a safety classifier";
        if (words.contains("research") || words.contains("deepresearch") || adjacent(words, "multi", "agent")) return "a research agent";
        if (words.contains("router") || words.contains("auto") || id.equals("openrouter/free")) return "a router";
        if (words.stream().anyMatch(TOOLS::contains)) return "a single-task tool (" + words.stream().filter(TOOLS::contains).findFirst().get() + ")";
        return null;
    }

    static boolean adjacent(List<String> words, String a, String b) {
        for (int i = 0; i + 1 < words.size(); i++) if (words.get(i).equals(a) && words.get(i + 1).equals(b)) return true;
        return false;
    }
}
