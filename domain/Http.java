package domain;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * The one HTTP transport of both scripts (the sync's fetches; status and verify asking the proxy): java.net.http.
 * One client per connect timeout, built once, on a thread of its own (see prepare): HTTP/1.1, no redirect
 * followed (a request may carry a key, which must reach only the address it was set for), the environment's
 * egress proxy (EgressProxy). Its TLS context is made when the first https address is asked (see LazyTls), not with the client.
 */
public final class Http {
    static final Map<Duration, CompletableFuture<HttpClient>> CLIENTS = new ConcurrentHashMap<>();

    static {
        // java.net.http hands a body over from its selector thread in buffers of this size, 16 KiB unless set: with
        // 256 KiB, a 120 MB catalog is read 0.3 s sooner (set before its first class reads it, and only if unset)
        if (System.getProperty("jdk.httpclient.bufsize") == null) System.setProperty("jdk.httpclient.bufsize", String.valueOf(256 << 10));
    }

    /**
     * Starts building the client of `connectTimeout`, unless it is built or on its way: its set-up (a selector
     * thread, an executor, the classes of an asynchronous machinery) takes a short sync's JVM a tenth of its run,
     * which a second core spends while the first reads the settings.
     */
    static CompletableFuture<HttpClient> prepare(Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(connectTimeout, t -> {
            CompletableFuture<HttpClient> client = new CompletableFuture<>();
            Thread builder = new Thread(() -> {
                try {
                    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(t).sslContext(LazyTls.CONTEXT).sslParameters(LazyTls.PARAMETERS)
                            .executor(Executors.newCachedThreadPool(new Workers()));
                    EgressProxy.configure(b);
                    client.complete(b.build());
                } catch (RuntimeException | Error e) {
                    client.completeExceptionally(e);
                }
            }, "http-client");
            builder.setDaemon(true);
            builder.start();
            return client;
        });
    }

    /**
     * The client's worker threads (daemons, as its own): its default factory names each by a string concatenation
     * whose first run spins nine classes, a few ms of a short sync's JVM. release() shuts them down: the client
     * stops only its own default executor.
     */
    static final class Workers implements ThreadFactory {
        @Override public Thread newThread(Runnable task) {
            Thread worker = new Thread(task, "http-worker");
            worker.setDaemon(true);
            return worker;
        }
    }

    static HttpClient client(Duration connectTimeout) { return Cli.joined(prepare(connectTimeout)); }

    /** A GET of `uri` asking for JSON, whose answer (up to its headers) must come within `timeout`. */
    static HttpRequest get(URI uri, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).setHeader("Accept", "application/json")
                .setHeader("User-Agent", "magi-models");
        for (Map.Entry<String, String> h : headers.entrySet()) b.setHeader(h.getKey(), h.getValue());
        String proxyLogin = EgressProxy.authorization(uri);
        if (proxyLogin != null) b.setHeader("Proxy-Authorization", proxyLogin);
        return b.build();
    }

    /** Sends `request` with the client of `connectTimeout`; the body is a stream the caller reads or closes. */
    static HttpResponse<InputStream> send(HttpRequest request, Duration connectTimeout) throws IOException {
        try {
            return client(connectTimeout).send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cli.Failure(Cli.FAILED, "interrupted");
        }
    }

    /**
     * Stops every HttpClient's selector thread and workers, and forgets the clients (a client without them never
     * answers): Java 17's HttpClient has no close(), and the JVM's exit waits 300 ms for any thread blocked in native
     * code, which the selector thread always is.
     */
    public static void release() {
        if (CLIENTS.isEmpty()) return; // no client was asked for: every read command but status and verify
        for (CompletableFuture<HttpClient> client : CLIENTS.values()) // see Workers
            if (client.isDone() && !client.isCompletedExceptionally() && client.join().executor().orElse(null) instanceof ExecutorService workers)
                workers.shutdown();
        CLIENTS.clear();
        Thread[] threads = new Thread[Thread.activeCount() + 8];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++)
            if (threads[i].getName().endsWith("SelectorManager")) {
                threads[i].interrupt();
                // Up to 200 ms, polled, not Thread.join, which needs the thread's own monitor: the selector thread holds
                // it while it stops, and Java 17's client can deadlock there (stopping its pool while a worker returns a
                // connection to it, as when a sync fails with a response still being read). A sync that joined it never
                // ended; a deadlocked selector is a daemon blocked in Java, which the exit does not wait for.
                try {
                    for (long end = System.nanoTime() + 200_000_000L; threads[i].isAlive() && System.nanoTime() < end; ) Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
    }
}
