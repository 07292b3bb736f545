package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Special-purpose models, by the words of their id. */
class PurposeTest {
    @Test
    void guardsResearchAgentsRoutersAndSingleTaskToolsAreSpecialPurpose() {
        for (String id : List.of("openai/gpt-oss-safeguard-20b", "meta-llama/llama-guard-4-12b", "ibm-granite/granite-guardian-3.3-8b", "google/shieldgemma-9b"))
            assertEquals("a safety classifier", Purpose.of(id), id);
        for (String id : List.of("openai/o3-deep-research", "perplexity/sonar-deep-research", "alibaba/tongyi-deepresearch-30b-a3b", "x-ai/grok-4.20-multi-agent"))
            assertEquals("a research agent", Purpose.of(id), id);
        for (String id : List.of("switchpoint/router", "openrouter/auto", "openrouter/free"))
            assertEquals("a router", Purpose.of(id), id);
        for (String id : List.of("baidu/qianfan-ocr-fast", "relace/relace-apply-3", "openai/gpt-4o-audio-preview"))
            assertTrue(Purpose.of(id).startsWith("a single-task tool"), id);
    }

    @Test
    void generalModelsAreNot() {
        for (String id : List.of("openai/gpt-5.5", "perplexity/sonar-pro-search", "nousresearch/hermes-4-405b", "anthropic/claude-opus-4.7",
                "mistralai/voxtral-small-24b-2507", "openai/gpt-oss-120b", "x-ai/grok-4.20", "openrouter/owl-alpha"))
            assertNull(Purpose.of(id), id);
    }
}
