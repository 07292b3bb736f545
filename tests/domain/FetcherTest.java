package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;

/** GET with keys: redirects, addresses and header values. */
class FetcherTest {
    static final String KEY = "sk-SENTINEL-fetcher-5e1d";
    final Fetcher fetcher = new Fetcher(Duration.ofSeconds(3));

    @Test
    void aKeyNeverLeavesItsOrigin() throws Exception {
        try (FakeProvider origin = new FakeProvider(); FakeProvider other = new FakeProvider()) {
            other.on("/models", Answer.json("{\"data\": []}"));
            for (int status : List.of(301, 302, 303, 307, 308))
                for (String location : List.of(other.base() + "/models", origin.base() + "/elsewhere", "/relative")) {
                    origin.on("/models", Answer.status(status, "").withHeader("Location", location));
                    origin.on("/elsewhere", Answer.json("{\"data\": []}"));
                    origin.on("/relative", Answer.json("{\"data\": []}"));
                    Cli.Failure f = assertThrows(Cli.Failure.class, () -> fetcher.json(origin.base() + "/models", Map.of("Authorization", "Bearer " + KEY), "OPENROUTER_API_KEY"));
                    assertEquals(Cli.FAILED, f.code);
                    String to = location.startsWith("/") ? origin.base() : location.substring(0, location.indexOf("/", 8));
                    assertTrue(f.getMessage().contains("HTTP " + status + ", a redirect to " + to) && f.getMessage().contains("not followed"), f.getMessage());
                    assertFalse(f.getMessage().contains(KEY));
                }
            assertEquals(0, other.requests.size(), "another origin never hears from us");
            assertEquals(0, origin.count("/elsewhere") + origin.count("/relative"), "no redirect is followed, not even on the same origin");
        }
    }

    @Test
    void clearErrorsNeverAJavaMessage() {
        for (String url : List.of("ftp://openrouter.ai/api/v1/models", "http://127.0.0.1:99999/models", "http:///models", "not a url", "file:///etc/passwd")) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> fetcher.json(url, Map.of(), "OPENROUTER_API_KEY"), url);
            assertEquals(Cli.USAGE, f.code, url);
            assertTrue(f.getMessage().contains("URL"), f.getMessage());
        }
        for (String key : List.of("sk-abc\r\nX-Injected: 1", "sk-abc\u0000", "sk-\u00e9t\u00e9"))
            for (var headers : List.of(Map.of("Authorization", "Bearer " + key), Map.of("api-key", key))) {
                Cli.Failure f = assertThrows(Cli.Failure.class, () -> fetcher.json("http://127.0.0.1:9/models", headers, "AZURE_OPENAI_API_KEY"));
                assertEquals(Cli.USAGE, f.code);
                assertTrue(f.getMessage().startsWith("AZURE_OPENAI_API_KEY holds a line break"), f.getMessage());
                assertFalse(f.getMessage().contains("sk-"), "the value is never shown");
            }
    }
}
