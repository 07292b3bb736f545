package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** AZURE_OPENAI_MODELS: the spec's deployment list. */
class AzureTest {
    static List<String> deployments(String spec) {
        return Azure.listed(spec).stream().map(p -> p[0] + "=" + p[1]).toList();
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

    /** Issue 12, item 9: a deployment the endpoint lists twice becomes one entry. */
    @Test
    void duplicateDeploymentsBecomeOneEntry() {
        var body = com.eclipsesource.json.Json.parse("""
                {"data": [{"id": "prod", "model": "gpt-4o", "status": "succeeded"}, {"id": "prod", "model": "gpt-4o-mini", "status": "succeeded"},
                          {"id": "other", "model": "gpt-4o", "status": "succeeded"}, {"id": "other", "model": "gpt-4o", "status": "succeeded"}]}""");
        assertEquals(List.of("prod=gpt-4o", "other=gpt-4o"), Azure.discovered(body).stream().map(p -> p[0] + "=" + p[1]).toList());
    }
}
