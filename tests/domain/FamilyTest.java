package domain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Modes and capabilities by model name, for Azure and the direct providers. */
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

    record Caps(boolean vision, boolean tools, boolean reasoning) {}

    static Caps caps(String model) {
        Family f = Family.of(model);
        return new Caps(f.vision(), f.tools(), f.reasoning());
    }

    @Test
    void capabilitiesFollowTheSpecAndCurrentNames() {
        // the spec: vision gpt-4o, gpt-4-turbo; function calling gpt-4o, gpt-4, gpt-3.5-turbo, o1, o3; extended tokens o1, o3
        assertEquals(new Caps(true, true, false), caps("gpt-4o"));
        assertEquals(new Caps(true, true, false), caps("gpt-4o-mini"));
        assertEquals(new Caps(true, true, false), caps("gpt-4-turbo"));
        assertEquals(new Caps(false, true, false), caps("gpt-4"));
        assertEquals(new Caps(false, true, false), caps("gpt-35-turbo"));
        assertEquals(new Caps(false, true, false), caps("gpt-3.5-turbo"));
        assertEquals(new Caps(false, true, true), caps("o1-preview"));
        assertEquals(new Caps(true, true, true), caps("o1"));
        assertEquals(new Caps(true, true, true), caps("o3"));
        assertTrue(Family.of("o1").maxOutput() > Family.of("gpt-4o").maxOutput(), "o-series have extended output");
        // current names
        assertEquals(new Caps(true, true, false), caps("gpt-4.1"));
        assertEquals(new Caps(true, true, true), caps("gpt-5"));
        assertEquals(new Caps(true, true, true), caps("o4-mini"));
        assertEquals(new Caps(true, true, true), caps("claude-sonnet-4-20250514"));
        assertEquals(new Caps(true, true, false), caps("claude-3-5-haiku-20241022"));
        assertEquals(new Caps(false, false, false), caps("text-embedding-3-large"));
        assertEquals(new Caps(true, true, false), caps("ft:gpt-4o-mini-2024-07-18:acme::9xYz"));
    }
}
