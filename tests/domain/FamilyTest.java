package domain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Modes by model name, for Azure and the direct providers (capabilities come from data: DirectTest). */
class FamilyTest {
    @Test
    void modesComeFromTheModelName() {
        assertEquals("chat", Family.mode("gpt-4o"));
        assertEquals("chat", Family.mode("o4-mini"));
        assertEquals("chat", Family.mode("ft:gpt-4o-mini-2024-07-18:acme::9xYz"));
        assertEquals("chat", Family.mode("gpt-35-turbo"));
        assertEquals("embedding", Family.mode("text-embedding-3-large"));
        assertEquals("audio_transcription", Family.mode("whisper-1"));
        assertEquals("audio_speech", Family.mode("tts-1"));
        assertEquals("image_generation", Family.mode("dall-e-3"));
        assertEquals("moderation", Family.mode("omni-moderation-latest"));
        assertNull(Family.mode("gpt-4o-realtime-preview"));
        assertNull(Family.mode("davinci-002"));
    }
}
