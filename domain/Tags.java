package domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A model's tags: its maker, its capabilities and its size. Capability tags: function-calling, vision, reasoning,
 * web-search, long-context, coding; size tags: small, large. Tags match whole words of the id only.
 */
public final class Tags {
    public static final List<String> CAPABILITIES = List.of("function-calling", "vision", "reasoning", "web-search", "long-context", "coding");
    public static final List<String> SIZES = List.of("small", "large");

    static final Map<String, String> MAKER_TAG = Map.of("meta-llama", "meta", "mistralai", "mistral", "x-ai", "xai");
    static final Set<String> SMALL_WORDS = Set.of("mini", "nano", "flash", "lite", "haiku", "small", "tiny", "micro");
    static final Set<String> LARGE_WORDS = Set.of("opus", "pro", "large", "ultra", "max");
    static final Set<String> CODE_WORDS = Set.of("coder", "code", "codestral", "devstral", "codex");
    /** The one capability-to-tag mapping: the maker first, then tools, image input and reasoning, then `more`. */
    public static List<String> of(String maker, boolean tools, boolean vision, boolean reasoning, List<String> more) {
        List<String> tags = new ArrayList<>();
        tags.add(MAKER_TAG.getOrDefault(maker, maker));
        if (tools) tags.add("function-calling");
        if (vision) tags.add("vision");
        if (reasoning) tags.add("reasoning");
        tags.addAll(more);
        return List.copyOf(tags);
    }

    /** An OpenRouter listing's tags, from its data and the words of its id. */
    public static List<String> of(Listing l) {
        List<String> words = words(l.id()), more = new ArrayList<>();
        if (l.provider().equals("perplexity") || words.contains("search")) more.add("web-search");
        if (l.contextLength() >= 200_000) more.add("long-context");
        if (words.stream().anyMatch(CODE_WORDS::contains)) more.add("coding");
        double b = parameters(words);
        if (words.stream().anyMatch(SMALL_WORDS::contains) || (b > 0 && b <= 15)) more.add("small");
        else if (words.stream().anyMatch(LARGE_WORDS::contains) || b >= 100) more.add("large");
        return of(l.provider(), l.tools(), l.imageInput(), l.reasoning(), more);
    }

    /**
     * The words of a model id after the provider ("gemini-2.5-flash" -> gemini, 2.5, flash): what splitting it at
     * [^a-z0-9.]+ gives (a leading separator leaves an empty first word; trailing ones leave none). A scan, not a
     * regular expression: a sync splits every id of the catalog (TagsTest checks it against the expression).
     */
    public static List<String> words(String id) {
        String model = id.substring(id.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        int start = 0, i = 0;
        while (i < model.length()) {
            if (wordChar(model.charAt(i))) {
                i++;
                continue;
            }
            words.add(model.substring(start, i));
            while (i < model.length() && !wordChar(model.charAt(i))) i++;
            start = i;
        }
        if (words.isEmpty()) return List.of(model); // no separator
        words.add(model.substring(start));
        while (!words.isEmpty() && words.get(words.size() - 1).isEmpty()) words.remove(words.size() - 1);
        return List.copyOf(words);
    }

    static boolean wordChar(char c) { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.'; }

    /** Billions of parameters named in the id (the first "70b", "1.2b" word), or 0. */
    static double parameters(List<String> words) {
        for (String w : words)
            if (w.length() > 1 && w.endsWith("b") && decimal(w, w.length() - 1)) return Double.parseDouble(w.substring(0, w.length() - 1));
        return 0;
    }

    /** Whether s[0, end) is digits with at most one decimal point between digits (what \d+(\.\d+)? matches). */
    static boolean decimal(String s, int end) {
        int dot = s.indexOf('.');
        if (dot < 0 || dot >= end) return end > 0 && digits(s, 0, end);
        return dot > 0 && dot < end - 1 && digits(s, 0, dot) && digits(s, dot + 1, end);
    }

    /** Whether w[from, to) is ASCII digits only. */
    static boolean digits(String w, int from, int to) {
        for (int i = from; i < to; i++) if (w.charAt(i) < '0' || w.charAt(i) > '9') return false;
        return true;
    }
}
