package domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    /** Compiled once, on first use: not when the read commands load Tags for its names (see search_models). */
    static final class Patterns {
        static final Pattern PARAMS = Pattern.compile("(\\d+(?:\\.\\d+)?)b"), NON_WORD = Pattern.compile("[^a-z0-9.]+");
    }

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

    /** The words of a model id after the provider ("gemini-2.5-flash" -> gemini, 2.5, flash). */
    public static List<String> words(String id) {
        String model = id.substring(id.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return List.of(Patterns.NON_WORD.split(model));
    }

    /** Billions of parameters named in the id (the first "70b", "1.2b" word), or 0. */
    static double parameters(List<String> words) {
        for (String w : words) {
            Matcher m = Patterns.PARAMS.matcher(w);
            if (m.matches()) return Double.parseDouble(m.group(1));
        }
        return 0;
    }
}
