package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * GET with a connect timeout, an answer timeout, a deadline for the whole body, a size cap, and up to 3
 * attempts on 429, 5xx and refused connections. Bodies are streamed, never held whole. Redirects are not
 * followed: the request carries a key, which must reach only the address the operator set.
 *
 * The transport is HttpURLConnection, not java.net.http.HttpClient: a sync makes one to four requests, and the
 * HttpClient's set-up (its TLS context even for http, its selector thread and asynchronous machinery) took a
 * short sync's JVM about 0.2 s, a third of the sync.
 */
public final class Fetcher {
    /** A body larger than this is refused rather than read into memory. */
    static final long MAX_BODY_BYTES = 256L << 20;
    static final int ATTEMPTS = 3;
    static final long MAX_RETRY_AFTER_S = 60;
    final Duration timeout;
    final int attempts;

    public Fetcher(Duration timeout) { this(timeout, ATTEMPTS); }

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
            if (body.expired) throw new Cli.Failure(Cli.FAILED, url + " did not finish its answer within " + timeout.toSeconds() * 2 + " s");
            String head = body.head().strip().toLowerCase(Locale.ROOT);
            String what = head.startsWith("<") ? "an HTML page, not JSON" : body.count == 0 ? "an empty body"
                    : e.getMessage().startsWith("Unexpected end of input") ? "a body cut short (" + body.count + " bytes)" : "not valid JSON (" + e.getMessage() + ")";
            throw new Cli.Failure(Cli.FAILED, url + " answered with " + what);
        } catch (TooLarge e) {
            throw new Cli.Failure(Cli.FAILED, url + " sent more than " + (MAX_BODY_BYTES >> 20) + " MiB; refused");
        } catch (IOException e) {
            String why = body.expired ? "did not finish its answer within " + timeout.toSeconds() * 2 + " s"
                    : e instanceof SocketTimeoutException ? "sent nothing for " + timeout.toSeconds() + " s in the middle of its answer"
                    : "broke off its answer (" + describe(e) + ")";
            throw new Cli.Failure(Cli.FAILED, url + " " + why);
        }
    }

    /** The body of a 200 answer, after retrying what is worth retrying. */
    Body open(String url, Map<String, String> headers, String keyVar) {
        URI uri = uri(url);
        checkHeaders(headers, keyVar);
        for (int attempt = 1; ; attempt++) {
            String problem;
            long waitS = 1L << (attempt - 1);
            try {
                HttpURLConnection c = connect(uri, headers);
                int s = c.getResponseCode();
                if (s == 200) return new Body(c.getInputStream(), timeout.multipliedBy(2));
                String retry = c.getHeaderField("Retry-After"), location = c.getHeaderField("Location");
                c.disconnect(); // error bodies may echo the key: never read, never shown
                if (s >= 300 && s < 400) throw new Cli.Failure(Cli.FAILED, redirected(uri, s, location));
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
            } catch (SocketTimeoutException e) {
                throw new Cli.Failure(Cli.FAILED, url + " did not answer within " + timeout.toSeconds() + " s");
            } catch (ConnectException e) {
                problem = "connection refused";
            } catch (IOException e) {
                throw new Cli.Failure(Cli.FAILED, "cannot fetch " + url + ": " + describe(e));
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

    /** A GET of `uri` whose connection and answer (up to its headers) each have `timeout`. */
    HttpURLConnection connect(URI uri, Map<String, String> headers) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        c.setConnectTimeout(ms);
        c.setReadTimeout(ms);
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("Accept", "application/json");
        c.setRequestProperty("User-Agent", "magi-models");
        for (Map.Entry<String, String> h : headers.entrySet()) c.setRequestProperty(h.getKey(), h.getValue());
        return c;
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
