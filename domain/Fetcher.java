package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * GET with a connect timeout, an answer timeout, a deadline for the whole body, a size cap, and up to 3
 * attempts on 429, 5xx and refused connections. Bodies are streamed, never held whole. Redirects are never
 * followed: the request carries a key, which must reach only the address the operator set.
 */
public final class Fetcher {
    /** A body larger than this is refused rather than read into memory. */
    static final long MAX_BODY_BYTES = 256L << 20;
    static final int ATTEMPTS = 3;
    static final long MAX_RETRY_AFTER_S = 60;
    final java.util.concurrent.CompletableFuture<HttpClient> client;
    final Duration timeout;
    final int attempts;

    /** The client is built in the background: its TLS set-up is the slowest step of a short sync. */
    public Fetcher(Duration timeout) {
        this(java.util.concurrent.CompletableFuture.supplyAsync(() ->
                HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build()), timeout, ATTEMPTS);
    }

    private Fetcher(java.util.concurrent.CompletableFuture<HttpClient> client, Duration timeout, int attempts) {
        this.client = client;
        this.timeout = timeout;
        this.attempts = attempts;
    }

    /** The same client, asking each URL once: for what must never hold up the sync with retries. */
    public Fetcher once() { return new Fetcher(client, timeout, 1); }

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
            if (body.expired) throw new Cli.Failure(Cli.FAILED, url + " did not finish its answer within " + timeout.toSeconds() * 2 + " s");
            String head = body.head().strip().toLowerCase(Locale.ROOT);
            String what = head.startsWith("<") ? "an HTML page, not JSON" : body.count == 0 ? "an empty body"
                    : e.getMessage().startsWith("Unexpected end of input") ? "a body cut short (" + body.count + " bytes)" : "not valid JSON (" + e.getMessage() + ")";
            throw new Cli.Failure(Cli.FAILED, url + " answered with " + what);
        } catch (TooLarge e) {
            throw new Cli.Failure(Cli.FAILED, url + " sent more than " + (MAX_BODY_BYTES >> 20) + " MiB; refused");
        } catch (IOException e) {
            String why = body.expired ? "did not finish its answer within " + timeout.toSeconds() * 2 + " s" : "broke off its answer (" + describe(e) + ")";
            throw new Cli.Failure(Cli.FAILED, url + " " + why);
        }
    }

    /** The body of a 200 answer, after retrying what is worth retrying. */
    Body open(String url, Map<String, String> headers, String keyVar) {
        HttpRequest req = request(url, headers, keyVar);
        URI uri = req.uri();
        for (int attempt = 1; ; attempt++) {
            String problem;
            long waitS = 1L << (attempt - 1);
            try {
                HttpResponse<java.io.InputStream> r = client.join().send(req, HttpResponse.BodyHandlers.ofInputStream());
                int s = r.statusCode();
                if (s == 200) return new Body(r.body(), timeout.multipliedBy(2));
                r.body().close(); // error bodies may echo the key: never read, never shown
                if (s >= 300 && s < 400) throw new Cli.Failure(Cli.FAILED, redirected(uri, s, r.headers().firstValue("Location").orElse(null)));
                if (s == 401 || s == 403)
                    throw new Cli.Failure(Cli.FAILED, uri.getHost() + " refused the request (HTTP " + s + "): check " + keyVar);
                if (s != 429 && s < 500)
                    throw new Cli.Failure(Cli.FAILED, url + " answered HTTP " + s);
                problem = "HTTP " + s;
                Long after = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
                if (after != null) {
                    if (after > MAX_RETRY_AFTER_S)
                        throw new Cli.Failure(Cli.FAILED, url + " asks to retry after " + after + " s (HTTP " + s + ")");
                    waitS = after;
                }
            } catch (HttpTimeoutException e) {
                throw new Cli.Failure(Cli.FAILED, url + " did not answer within " + timeout.toSeconds() + " s");
            } catch (ConnectException e) {
                problem = "connection refused";
            } catch (IOException e) {
                throw new Cli.Failure(Cli.FAILED, "cannot fetch " + url + ": " + describe(e));
            } catch (InterruptedException e) {
                throw new Cli.Failure(Cli.FAILED, "interrupted");
            }
            if (attempt >= attempts)
                throw new Cli.Failure(Cli.FAILED, "cannot reach " + url + " (" + problem + (attempts > 1 ? " after " + attempts + " attempts)" : ")"));
            Cli.warn(url + ": " + problem + "; retrying in " + waitS + " s");
            try {
                Thread.sleep(waitS * 1000);
            } catch (InterruptedException e) {
                throw new Cli.Failure(Cli.FAILED, "interrupted");
            }
        }
    }

    /**
     * The request, once the address and headers are known to be usable: http or https with a host and a port from
     * 1 to 65535, header values of printable ASCII (a key with a line break would end the header early).
     */
    HttpRequest request(String url, Map<String, String> headers, String keyVar) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new Cli.Failure(Cli.USAGE, "not a valid URL: " + url);
        }
        if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null || uri.getPort() == 0 || uri.getPort() > 65535)
            throw new Cli.Failure(Cli.USAGE, "not a usable URL: " + url + " (http:// or https://, a host, a port from 1 to 65535)");
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").header("User-Agent", "magi-models");
        headers.forEach((k, v) -> {
            if (!v.chars().allMatch(c -> c >= 0x20 && c < 0x7f))
                throw new Cli.Failure(Cli.USAGE, keyVar + " holds a line break, a control or a non-ASCII character, which no key has; check its value");
            rb.header(k, v);
        });
        return rb.build();
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

    static String describe(Throwable c) {
        String m = c.getMessage();
        return m == null || m.isBlank() ? c.getClass().getSimpleName() : m;
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

    /** A body stream that fails past MAX_BODY_BYTES, is closed at its deadline, and keeps its first bytes for messages. */
    static final class Body extends java.io.FilterInputStream {
        static final java.util.Timer WATCHDOG = new java.util.Timer("deadline", true);
        final byte[] first = new byte[200];
        final java.util.TimerTask task;
        long count;
        volatile boolean expired;

        Body(java.io.InputStream in, Duration deadline) {
            super(in);
            task = new java.util.TimerTask() {
                public void run() {
                    expired = true;
                    try { Body.this.in.close(); } catch (IOException ignored) { /* the reader sees the close */ }
                }
            };
            WATCHDOG.schedule(task, deadline.toMillis());
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
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
            task.cancel();
            super.close();
        }
    }
}
