package support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/** A provider on loopback: answers each path with scripted responses and records every request it gets. */
public final class FakeProvider implements AutoCloseable {
    /**
     * One scripted answer. cutAfter >= 0 sends the headers for the whole body but only that many bytes;
     * hugeBytes > 0 streams that many bytes of catalog-shaped JSON instead of the body, never closing the list.
     */
    public record Answer(int status, Map<String, String> headers, byte[] body, int cutAfter, long delayMs, long hugeBytes) {
        public Answer(int status, Map<String, String> headers, byte[] body, int cutAfter, long delayMs) {
            this(status, headers, body, cutAfter, delayMs, 0);
        }
        public static Answer huge(long bytes) { return new Answer(200, Map.of(), new byte[0], -1, 0, bytes); }
        public static Answer json(String body) { return new Answer(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8), -1, 0); }
        public static Answer status(int status, String body) { return new Answer(status, Map.of(), body.getBytes(StandardCharsets.UTF_8), -1, 0); }
        public Answer withHeader(String k, String v) {
            var h = new java.util.HashMap<>(headers);
            h.put(k, v);
            return new Answer(status, h, body, cutAfter, delayMs);
        }
        public Answer cutAfter(int n) { return new Answer(status, headers, body, n, delayMs); }
        public Answer delay(long ms) { return new Answer(status, headers, body, cutAfter, ms); }
    }

    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }
    }

    private final HttpServer server;
    private final Map<String, List<Answer>> script = new ConcurrentHashMap<>();
    public final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();

    public FakeProvider() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(Executors.newCachedThreadPool(r -> { Thread t = new Thread(r); t.setDaemon(true); return t; }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String base() { return "http://127.0.0.1:" + server.getAddress().getPort(); }

    /** Answers `path` (or `path?query`, which wins over the bare path) with these answers in turn; the last one repeats. */
    public FakeProvider on(String path, Answer... answers) {
        script.put(path, Collections.synchronizedList(new ArrayList<>(List.of(answers))));
        return this;
    }

    public long count(String path) { return requests.stream().filter(r -> r.path().equals(path)).count(); }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(), Map.copyOf(ex.getRequestHeaders()), body));
        String query = ex.getRequestURI().getRawQuery();
        List<Answer> answers = query == null ? null : script.get(ex.getRequestURI().getPath() + "?" + query);
        if (answers == null) answers = script.get(ex.getRequestURI().getPath());
        Answer a;
        if (answers == null) a = Answer.status(404, "{\"error\":\"not found\"}");
        else synchronized (answers) { a = answers.size() > 1 ? answers.remove(0) : answers.get(0); }
        try {
            if (a.delayMs() > 0) Thread.sleep(a.delayMs());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        if (a.hugeBytes() > 0) {
            ex.sendResponseHeaders(200, 0);
            byte[] entry = ("{\"id\":\"huge/model\",\"pad\":\"" + "x".repeat(4000) + "\"},").getBytes(StandardCharsets.UTF_8);
            try (OutputStream out = ex.getResponseBody()) {
                out.write("{\"data\":[".getBytes(StandardCharsets.UTF_8));
                for (long sent = 0; sent < a.hugeBytes(); sent += entry.length) out.write(entry);
            } catch (IOException ignored) {
                // the client stopped reading, as it should
            }
            return;
        }
        ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(a.body(), 0, a.cutAfter() >= 0 ? Math.min(a.cutAfter(), a.body().length) : a.body().length);
        } catch (IOException ignored) {
            // the client gave up: that is what some tests want
        }
        if (a.cutAfter() >= 0) ex.close();
    }

    @Override
    public void close() { server.stop(0); }
}
