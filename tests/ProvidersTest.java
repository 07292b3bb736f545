import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules for Azure and the direct providers: the deployments list, modes and capabilities by model name. */
class ProvidersTest {
    static List<String> deployments(String spec) {
        return sync_models.azureModels(spec).stream().map(p -> p[0] + "=" + p[1]).toList();
    }

    @Test
    void theSpecsDeploymentListIsRead() {
        assertEquals(List.of("my-gpt4o=gpt-4o", "my-gpt4o-mini=gpt-4o-mini", "my-o1=o1-preview"),
                deployments("my-gpt4o:gpt-4o,my-gpt4o-mini:gpt-4o-mini,my-o1:o1-preview"));
    }

    @Test
    void malformedItemsAreSkippedAndTheRestKept() {
        assertEquals(List.of("ok=gpt-4o", "dup=gpt-4o", "spaced=gpt-4o-mini"),
                deployments("a:, :b,a:b:c,x y:gpt-4o,ok:gpt-4o,dup:gpt-4o,dup:gpt-4o-mini, spaced:gpt-4o-mini ,,"));
    }

    @Test
    void modesComeFromTheModelName() {
        assertEquals("chat", sync_models.mode("gpt-4o"));
        assertEquals("chat", sync_models.mode("o4-mini"));
        assertEquals("chat", sync_models.mode("ft:gpt-4o-mini-2024-07-18:acme::9xYz"));
        assertEquals("chat", sync_models.mode("gpt-35-turbo"));
        assertEquals("embedding", sync_models.mode("text-embedding-3-large"));
        assertEquals("audio_transcription", sync_models.mode("whisper-1"));
        assertEquals("audio_speech", sync_models.mode("tts-1"));
        assertEquals("image_generation", sync_models.mode("dall-e-3"));
        assertEquals("moderation", sync_models.mode("omni-moderation-latest"));
        assertNull(sync_models.mode("gpt-4o-realtime-preview"));
        assertNull(sync_models.mode("davinci-002"));
    }

    record Caps(boolean vision, boolean tools, boolean reasoning) {}

    static Caps caps(String model) {
        sync_models.Family f = sync_models.family(model);
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
        assertTrue(sync_models.family("o1").maxOutput() > sync_models.family("gpt-4o").maxOutput(), "o-series have extended output");
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
