package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * GET (through Http) with a connect timeout, an answer timeout, a deadline for the whole body, a pause limit
 * within it, a size cap, and up to 3 attempts on 429, 5xx and refused connections. Bodies are streamed, never
 * held whole. Redirects are not followed: the request carries a key, which must reach only the address the
 * operator set.
 */
public final class Fetcher {
    /** A body larger than this is refused rather than read into memory. */
    static final long MAX_BODY_BYTES = 256L << 20;
    static final int ATTEMPTS = 3;
    static final long MAX_RETRY_AFTER_S = 60;
    final Duration timeout;
    final int attempts;
    /** First attempts sent ahead (see prefetch), by URL, each taken by the first open() of its URL and headers. */
    final Map<String, Early> early = new java.util.concurrent.ConcurrentHashMap<>();

    /** Its HTTP client is built from now on, on another thread (see Http.prepare). */
    public Fetcher(Duration timeout) {
        this(timeout, ATTEMPTS);
        Http.prepare(timeout);
    }

    private Fetcher(Duration timeout, int attempts) {
        this.timeout = timeout;
        this.attempts = attempts;
    }

    /** The same settings, asking each URL once: for what must never hold up the sync with retries. */
    public Fetcher once() { return new Fetcher(timeout, 1); }

    /** A small JSON document, parsed whole. */
    public JsonValue json(String url, Map<String, String> headers, String keyVar) {
        JsonValue[] out = new JsonValue[1];
        read(url, headers, keyVar, r -> out[0] = Json.parse(r));
        return out[0];
    }

    public interface BodyReader { void read(java.io.Reader body) throws IOException; }

    /** Fetches `url` and hands its body to `reader`; any failure becomes one line naming the URL and what went wrong. */
    public void read(String url, Map<String, String> headers, String keyVar, BodyReader reader) {
        Body body = open(url, headers, keyVar);
        try (body) {
            reader.read(new InputStreamReader(body, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            if (body.expired || body.stalled) throw new Cli.Failure(Cli.FAILED, url + " " + body.why(timeout));
            String head = body.head().strip().toLowerCase(Locale.ROOT);
            String what = head.startsWith("<") ? "an HTML page, not JSON" : body.count == 0 ? "an empty body"
                    : e.getMessage().startsWith("Unexpected end of input") ? "a body cut short (" + body.count + " bytes)" : "not valid JSON (" + e.getMessage() + ")";
            throw new Cli.Failure(Cli.FAILED, url + " answered with " + what);
        } catch (TooLarge e) {
            throw new Cli.Failure(Cli.FAILED, url + " sent more than " + (MAX_BODY_BYTES >> 20) + " MiB; refused");
        } catch (IOException e) {
            if (body.expired || body.stalled) throw new Cli.Failure(Cli.FAILED, url + " " + body.why(timeout));
            if (causedBy(e, java.io.EOFException.class)) throw new Cli.Failure(Cli.FAILED, url + " answered with a body cut short (" + body.count + " bytes)");
            throw new Cli.Failure(Cli.FAILED, url + " broke off its answer (" + describe(e) + ")");
        }
    }

    /** A first attempt sent ahead, with the headers it was sent with. */
    record Early(Map<String, String> headers, CompletableFuture<HttpResponse<InputStream>> answer) {
        HttpResponse<InputStream> get() throws IOException {
            try {
                return answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Cli.Failure(Cli.FAILED, "interrupted");
            } catch (ExecutionException e) { // as if sent here
                if (e.getCause() instanceof IOException io) throw io;
                if (e.getCause() instanceof RuntimeException r) throw r;
                if (e.getCause() instanceof Error err) throw err;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * Sends the first attempt of a GET now, on a thread of its own, so that the answer is on its way while the sync
     * goes on; the first read() of `url` with the same headers takes it (and retries, or reports, as if it had sent
     * it). A URL or header read() would refuse is not sent: read() refuses it.
     */
    public void prefetch(String url, Map<String, String> headers) {
        HttpRequest request;
        try {
            checkHeaders(headers, "");
            request = Http.get(uri(url), headers, timeout);
        } catch (Cli.Failure e) {
            return;
        }
        CompletableFuture<HttpResponse<InputStream>> answer = new CompletableFuture<>();
        Thread sender = new Thread(() -> {
            try {
                answer.complete(Http.send(request, timeout));
            } catch (IOException | RuntimeException | Error e) {
                answer.completeExceptionally(e);
            }
        }, "prefetch");
        sender.setDaemon(true);
        sender.start();
        early.put(url, new Early(Map.copyOf(headers), answer));
    }

    /** The body of a 200 answer, after retrying what is worth retrying. */
    Body open(String url, Map<String, String> headers, String keyVar) {
        URI uri = uri(url);
        checkHeaders(headers, keyVar);
        HttpRequest request = Http.get(uri, headers, timeout);
        Early sent = early.remove(url);
        for (int attempt = 1; ; attempt++) {
            String problem;
            long waitS = 1L << (attempt - 1);
            try {
                HttpResponse<InputStream> r = attempt == 1 && sent != null && sent.headers().equals(headers) ? sent.get() : Http.send(request, timeout);
                int s = r.statusCode();
                if (s == 200) return new Body(r.body(), timeout);
                if (r.body() != null) r.body().close(); // error bodies may echo the key: never read, never shown (none: a proxy's 407 to a CONNECT)
                String retry = r.headers().firstValue("Retry-After").orElse(null), location = r.headers().firstValue("Location").orElse(null);
                if (s >= 300 && s < 400) throw new Cli.Failure(Cli.FAILED, redirected(uri, s, location));
                if (s == 407)
                    throw new Cli.Failure(Cli.FAILED, "cannot fetch " + url + EgressProxy.through(uri) + ": " + EgressProxy.refused(uri));
                if (s == 401 || s == 403)
                    throw new Cli.Failure(Cli.FAILED, uri.getHost() + " refused the request (HTTP " + s + "): check " + keyVar);
                if (s != 429 && s < 500)
                    throw new Cli.Failure(Cli.FAILED, url + " answered HTTP " + s);
                problem = "HTTP " + s;
                Long after = retryAfter(retry);
                if (after != null) {
                    if (after > MAX_RETRY_AFTER_S)
                        throw new Cli.Failure(Cli.FAILED, url + " asks to retry after " + after + " s (HTTP " + s + ")");
                    waitS = after;
                }
            } catch (HttpTimeoutException e) { // connecting, or the answer's headers
                throw new Cli.Failure(Cli.FAILED, url + " did not answer within " + timeout.toSeconds() + " s");
            } catch (ConnectException e) {
                String via = EgressProxy.through(uri);
                if (causedBy(e, UnresolvedAddressException.class))
                    throw new Cli.Failure(Cli.FAILED, "cannot fetch " + url + (via.isEmpty() ? ": " + uri.getHost() : via + ": its name does not resolve"));
                problem = "connection refused";
            } catch (IOException e) {
                throw new Cli.Failure(Cli.FAILED, "cannot fetch " + url + EgressProxy.through(uri) + ": " + describe(e));
            }
            if (attempt >= attempts)
                throw new Cli.Failure(Cli.FAILED, "cannot reach " + url + EgressProxy.through(uri) + " (" + problem + (attempts > 1 ? " after " + attempts + " attempts)" : ")"));
            Cli.warn(url + ": " + problem + "; retrying in " + waitS + " s");
            try {
                Thread.sleep(waitS * 1000);
            } catch (InterruptedException e) {
                throw new Cli.Failure(Cli.FAILED, "interrupted");
            }
        }
    }

    /** The address, once known to be usable: http or https with a host and a port from 1 to 65535. */
    static URI uri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Cli.Failure(Cli.USAGE, "not a valid URL: " + url);
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) || uri.getHost() == null
                || uri.getPort() == 0 || uri.getPort() > 65535)
            throw new Cli.Failure(Cli.USAGE, "not a usable URL: " + url + " (http:// or https://, a host, a port from 1 to 65535)");
        return uri;
    }

    /** Header values of printable ASCII only: a key with a line break would end the header early. */
    static void checkHeaders(Map<String, String> headers, String keyVar) {
        for (String v : headers.values())
            for (int i = 0; i < v.length(); i++)
                if (v.charAt(i) < 0x20 || v.charAt(i) >= 0x7f)
                    throw new Cli.Failure(Cli.USAGE, keyVar + " holds a line break, a control or a non-ASCII character, which no key has; check its value");
    }

    /** Why a redirect is not followed, naming where it points (its origin only: no path, query or password). */
    static String redirected(URI from, int status, String location) {
        String where;
        try {
            URI to = location == null ? null : from.resolve(location.strip());
            where = to == null ? "nowhere (no Location header)" : to.getHost() == null ? "an unusable address"
                    : Cli.origin(to) + (Cli.origin(to).equalsIgnoreCase(Cli.origin(from)) ? " (the same origin)" : " (another origin)");
        } catch (IllegalArgumentException e) {
            where = "an unusable address";
        }
        return from + " answered HTTP " + status + ", a redirect to " + where
                + "; redirects are not followed, so a key goes only to the address it was set for. Set the address the provider moved to";
    }

    /** What went wrong, in the words of the deepest cause that has any: java.net.http wraps the socket's own error. */
    static String describe(Throwable c) {
        String why = null;
        for (Throwable t = c; t != null; t = t.getCause()) if (t.getMessage() != null && !t.getMessage().isBlank()) why = t.getMessage();
        return why != null ? why : c.getClass().getSimpleName();
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> cause) {
        for (Throwable t = e; t != null; t = t.getCause()) if (cause.isInstance(t)) return true;
        return false;
    }

    /** Retry-After in seconds (a number or an HTTP date), or null. */
    static Long retryAfter(String v) {
        if (v == null) return null;
        try {
            return Math.max(0, Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            try {
                return Math.max(0, Duration.between(Instant.now(), DateTimeFormatter.RFC_1123_DATE_TIME.parse(v.strip(), Instant::from)).toSeconds());
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    static final class TooLarge extends IOException {
        TooLarge() { super("body too large", null); }
    }

    /**
     * A body stream that fails past MAX_BODY_BYTES, keeps its first bytes for messages, and is closed at its
     * deadline (twice the timeout, for the whole body) or when one read has waited the timeout for the next bytes.
     */
    static final class Body extends java.io.FilterInputStream {
        static final java.util.Timer WATCHDOG = new java.util.Timer("deadline", true);
        final byte[] first = new byte[200];
        final java.util.TimerTask deadline, pause;
        long count;
        /** When the read under way started waiting (System.nanoTime()), 0 between reads. */
        volatile long waitingSince;
        volatile boolean expired, stalled;

        Body(InputStream in, Duration timeout) {
            super(in);
            long limit = timeout.toNanos();
            deadline = watch(() -> {
                expired = true;
                return true;
            });
            pause = watch(() -> {
                long since = waitingSince;
                if (since != 0 && System.nanoTime() - since >= limit) stalled = true;
                return stalled;
            });
            WATCHDOG.schedule(deadline, timeout.multipliedBy(2).toMillis());
            long every = Math.max(50, timeout.toMillis() / 10);
            WATCHDOG.schedule(pause, every, every);
        }

        /** A task that closes the stream (so the read under way ends) once `closes` says so. */
        java.util.TimerTask watch(java.util.function.BooleanSupplier closes) {
            return new java.util.TimerTask() {
                public void run() {
                    if (!closes.getAsBoolean()) return;
                    cancel();
                    try { Body.this.in.close(); } catch (IOException ignored) { /* the reader sees the close */ }
                }
            };
        }

        String why(Duration timeout) {
            return expired ? "did not finish its answer within " + timeout.toSeconds() * 2 + " s"
                    : "sent nothing for " + timeout.toSeconds() + " s in the middle of its answer";
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            waitingSince = System.nanoTime();
            try {
                n = super.read(b, off, len);
            } finally {
                waitingSince = 0;
            }
            if (n > 0) {
                if (count < first.length) System.arraycopy(b, off, first, (int) count, (int) Math.min(n, first.length - count));
                count += n;
                if (count > MAX_BODY_BYTES) throw new TooLarge();
            }
            return n;
        }

        String head() { return new String(first, 0, (int) Math.min(count, first.length), StandardCharsets.UTF_8); }

        @Override
        public void close() throws IOException {
            deadline.cancel();
            pause.cancel();
            super.close();
        }
    }
}
