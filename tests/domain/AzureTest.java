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

    /** A deployment the endpoint lists oddly is named in a line of a few dozen characters, whatever it holds. */
    @Test
    void aSkippedDeploymentIsOneShortLine() {
        String junk = "x".repeat(5_000_000);
        var body = com.eclipsesource.json.Json.parse("{\"data\": [{\"id\": \"bad id\", \"model\": \"gpt-4o\", \"junk\": \"" + junk + "\"},"
                + " {\"id\": \"slow\", \"model\": \"gpt-4o\", \"status\": \"" + junk + "\"}, {\"id\": \"ok\", \"model\": \"gpt-4o\", \"status\": \"succeeded\"}]}");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(seen, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            assertEquals(List.of("ok=gpt-4o"), Azure.discovered(body).stream().map(p -> p[0] + "=" + p[1]).toList());
        } finally {
            System.setErr(err);
        }
        List<String> lines = seen.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        for (String l : lines) assertTrue(l.length() < 400, l.length() + " characters");
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("malformed deployment: {\"id\":\"bad id\"") && lines.get(0).contains("(5000"), lines.get(0));
        assertTrue(lines.get(1).contains("slow: its status is xxx") && lines.get(1).endsWith("(5000000 characters)"), lines.get(1));
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
