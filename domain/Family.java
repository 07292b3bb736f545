package domain;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the name of an Azure, OpenAI or Anthropic model tells, since their lists say little else: its LiteLLM mode.
 * Capabilities, limits and prices are never guessed from the name: they come from data (see Direct).
 */
public final class Family {
    /** A usable model id of a direct provider. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

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

    /** A model of Azure or a direct provider as its list names it: everything else unknown until described (Direct). */
    public static Model model(String provider, String id, String name, long created) {
        List<String> tags = Tags.of(provider.equals("azure") ? "openai" : provider, false, false, false, List.of());
        return new Model(Naming.name(provider, id), id, name, provider, 0, "", tags, 0, 0, 0, 0, false, false, false, created);
    }
}
