package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import support.FakeProvider;
import support.FakeProvider.Answer;

/** GET with keys: redirects, addresses and header values; bodies that stall, drag on or are cut short; answers asked for ahead. */
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

    /**
     * A server on loopback that answers every connection with `head`, then the parts of `body`, pausing `pauseMs`
     * before each part after the first, then closes (before the whole body when the head promises more).
     */
    static ServerSocket server(String head, long pauseMs, String... body) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed())
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[8192]); // the request, which fits
                    OutputStream out = s.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.UTF_8));
                    for (int i = 0; i < body.length; i++) {
                        if (i > 0) Thread.sleep(pauseMs);
                        out.write(body[i].getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException | InterruptedException e) {
                    // closed by the test, or the client gave up
                }
        });
        t.setDaemon(true);
        t.start();
        return server;
    }

    static String url(ServerSocket s) { return "http://127.0.0.1:" + s.getLocalPort() + "/models"; }

    static String failure(Fetcher f, String url) {
        Cli.Failure e = assertThrows(Cli.Failure.class, () -> f.json(url, Map.of(), "OPENROUTER_API_KEY"));
        assertEquals(Cli.FAILED, e.code);
        return e.getMessage();
    }

    @Test
    void aBodyThatStallsOrDragsOnIsGivenUpOnAndNamedSo() throws Exception {
        Fetcher oneSecond = new Fetcher(Duration.ofSeconds(1));
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";
        try (ServerSocket stalls = server(head, 5_000, "{\"data\": [", "]}"); ServerSocket drags = server(head, 300, " ".repeat(20).split(""))) {
            long t0 = System.nanoTime();
            assertEquals(url(stalls) + " sent nothing for 1 s in the middle of its answer", failure(oneSecond, url(stalls)));
            assertEquals(url(drags) + " did not finish its answer within 2 s", failure(oneSecond, url(drags)));
            assertTrue((System.nanoTime() - t0) / 1e9 < 4.5, "each given up on in time");
        }
    }

    @Test
    void aBodyCutShortIsNamedSoWhateverItsFraming() throws Exception {
        String json = "{\"data\": [{\"id\": \"x/y\"}, {\"id\": \"x/z\"}]}";
        try (ServerSocket fixed = server("HTTP/1.1 200 OK\r\nContent-Length: " + json.length() + "\r\n\r\n", 0, json.substring(0, 20));
             ServerSocket chunked = server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 0, "14\r\n" + json.substring(0, 20) + "\r\n")) {
            assertEquals(url(fixed) + " answered with a body cut short (20 bytes)", failure(fetcher, url(fixed)));
            assertEquals(url(chunked) + " answered with a body cut short (20 bytes)", failure(fetcher, url(chunked)));
        }
    }

    @Test
    void anAnswerAskedForAheadIsReadOnceAndRetriedLikeAnyOther() throws Exception {
        try (FakeProvider p = new FakeProvider()) {
            p.on("/models", Answer.json("{\"data\": [1]}"));
            Map<String, String> key = Map.of("Authorization", "Bearer " + KEY);
            fetcher.prefetch(p.base() + "/models", key);
            assertEquals("{\"data\":[1]}", fetcher.json(p.base() + "/models", key, "OPENROUTER_API_KEY").toString());
            Thread.sleep(200); // time for a second request to arrive, were there one
            assertEquals(1, p.count("/models"), "the answer asked for ahead is the one read");
            assertEquals("Bearer " + KEY, p.requests.peek().header("Authorization"));

            p.requests.clear();
            p.on("/models", Answer.status(503, "busy"), Answer.json("{\"data\": [2]}"));
            fetcher.prefetch(p.base() + "/models", key);
            assertEquals("{\"data\":[2]}", fetcher.json(p.base() + "/models", key, "OPENROUTER_API_KEY").toString());
            assertEquals(2, p.count("/models"), "an answer asked for ahead that is worth retrying is retried");

            p.requests.clear();
            fetcher.prefetch(p.base() + "/models", Map.of());
            fetcher.json(p.base() + "/models", key, "OPENROUTER_API_KEY");
            for (int i = 0; i < 50 && p.count("/models") < 2; i++) Thread.sleep(20);
            assertEquals(2, p.count("/models"), "asked with other headers, it is asked for again");
            assertEquals(1, p.requests.stream().filter(r -> ("Bearer " + KEY).equals(r.header("Authorization"))).count());
        }
    }
}
