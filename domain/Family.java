package domain;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Capabilities by model name, for the providers whose listings do not say them (Azure, OpenAI, Anthropic):
 * the first family whose pattern matches the whole name (a fine-tune's `ft:` aside) wins.
 */
public record Family(Pattern name, boolean vision, boolean tools, boolean reasoning, long maxOutput) {
    /** A usable model id of a direct provider. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    static Family of(String regex, boolean vision, boolean tools, boolean reasoning, long maxOutput) {
        return new Family(Pattern.compile(regex), vision, tools, reasoning, maxOutput);
    }

    static final List<Family> FAMILIES = List.of(
            of("gpt-5.*", true, true, true, 128_000),
            of("gpt-4\\.1.*", true, true, false, 32_768),
            of("gpt-4o.*", true, true, false, 16_384),
            of("gpt-4-turbo.*", true, true, false, 4_096),
            of("gpt-4(-.*)?", false, true, false, 0),
            of("gpt-3\\.?5-turbo.*", false, true, false, 0),
            of("o1-preview.*", false, true, true, 32_768),
            of("o1-mini.*", false, true, true, 65_536),
            of("o3-mini.*", false, true, true, 100_000),
            of("o[134].*", true, true, true, 100_000),
            of("claude-(opus|sonnet)-4.*|claude-haiku-4.*|claude-3-7-sonnet.*", true, true, true, 0),
            of("claude-.*", true, true, false, 0));
    static final Family UNKNOWN = of("", false, false, false, 0);

    public static Family of(String model) {
        String m = model.toLowerCase(Locale.ROOT).replaceFirst("^ft:", "");
        return FAMILIES.stream().filter(f -> f.name().matcher(m).matches()).findFirst().orElse(UNKNOWN);
    }

    /** LiteLLM's mode for an OpenAI model name (Azure deployments use the same names), or null for one the sync does not know. */
    public static String mode(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("text-embedding")) return "embedding";
        if (m.startsWith("whisper") || m.contains("transcribe")) return "audio_transcription";
        if (m.startsWith("tts") || m.contains("-tts")) return "audio_speech";
        if (m.startsWith("dall-e") || m.startsWith("gpt-image")) return "image_generation";
        if (m.contains("moderation")) return "moderation";
        if (m.contains("realtime")) return null;
        return m.matches("(ft:)?(gpt-|chatgpt-|o[1-9]|claude-).*") ? "chat" : null;
    }

    /** A model of Azure or a direct provider: capabilities from its family; score and prices unknown (0) until borrowed. */
    public static Model model(String provider, String id, String name, long created) {
        Family f = of(provider.equals("azure") ? name : id); // an Azure deployment is named by its operator; its model is not
        List<String> tags = Tags.of(provider.equals("azure") ? "openai" : provider, f.tools(), f.vision(), f.reasoning(), List.of());
        return new Model(Naming.name(provider, id), id, name, provider, 0, "", tags, 0, 0, 0, f.maxOutput(),
                f.tools(), f.vision(), f.reasoning(), created);
    }
}
