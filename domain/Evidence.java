package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * What real usage and benchmarks say of the catalog's models (Usage, Benchmarks), joined to listings by their
 * canonical_slug. Both endpoints need OPENROUTER_API_KEY and allow 500 calls a day, so each answer is kept in
 * .magi/cache/ and asked for again only when it is a day old. They are asked once each, while the catalog is
 * fetched; the sync waits for them at most MAGI_HTTP_TIMEOUT from the start. Any failure (no key, refused, 429,
 * 5xx, malformed, too slow) costs one warning: the kept answer serves while it is at most 7 days old, else the
 * score goes without that evidence. Only the checked figures are kept, never a key.
 */
public record Evidence(Usage usage, Benchmarks benchmarks) {
    public static final Evidence NONE = new Evidence(null, null);
    static final String CACHE = ".magi/cache/";
    static final Duration FRESH = Duration.ofDays(1), KEPT = Duration.ofDays(7);
    static final Executor BACKGROUND = r -> {
        Thread t = new Thread(r, "evidence");
        t.setDaemon(true);
        t.start();
    };

    /** A listing's figures: its usage share from the day it was listed, and its indices. */
    public Figures figures(Listing l) {
        Figures x = benchmarks == null ? Figures.NONE : benchmarks.of(l.slug());
        Double share = usage == null ? null : usage.share(l.slug(), l.created());
        return share == null ? x : new Figures(share, x.intelligence(), x.coding(), x.agentic());
    }

    /** The attribution of each source in use ("usage", "benchmarks"), to show wherever its figures are. */
    public Map<String, String> credits() {
        Map<String, String> out = new LinkedHashMap<>();
        if (usage != null) out.put("usage", usage.credit());
        if (benchmarks != null) out.put("benchmarks", benchmarks.credit());
        return out;
    }

    /** Starts what must be fetched: nothing when both kept answers are less than a day old. */
    public static Pending start(Fetcher fetcher, Env env, Instant now) {
        String base = env.get("OPENROUTER_API_BASE", OpenRouter.DEFAULT_BASE).replaceAll("/+$", "");
        String key = env.get("OPENROUTER_API_KEY");
        Map<String, String> headers = key == null ? Map.of() : Map.of("Authorization", "Bearer " + key);
        Fetcher once = fetcher.once();
        Path dir = env.home.resolve(CACHE);
        Endpoint<Usage> usage = new Endpoint<>("usage ranking", dir.resolve("openrouter-usage.json"), Usage::fromJson, Usage::toJson, now);
        Endpoint<Benchmarks> benchmarks = new Endpoint<>("benchmarks", dir.resolve("openrouter-benchmarks.json"), Benchmarks::fromJson,
                Benchmarks::toJson, now);
        usage.start(once, base + Usage.PATH, headers, Usage::parse, key != null);
        benchmarks.start(once, base + Benchmarks.PATH, headers, Benchmarks::parse, key != null);
        return new Pending(usage, benchmarks, System.nanoTime() + fetcher.timeout.toNanos(), fetcher.timeout.toSeconds());
    }

    /** Both answers on their way. */
    public record Pending(Endpoint<Usage> usage, Endpoint<Benchmarks> benchmarks, long deadline, long seconds) {
        /** Waits at most until the deadline; warns once for whatever failed. */
        public Evidence join() {
            List<String[]> failures = new ArrayList<>();
            Evidence e = new Evidence(usage.result(deadline, seconds, failures), benchmarks.result(deadline, seconds, failures));
            if (failures.size() == 2 && failures.get(0)[1].equals(failures.get(1)[1]) && failures.get(0)[2].equals(failures.get(1)[2]))
                failures = List.<String[]>of(new String[] {failures.get(0)[0] + " and " + failures.get(1)[0], failures.get(0)[1], failures.get(0)[2]});
            if (!failures.isEmpty())
                Cli.warn("OpenRouter evidence: " + String.join("; ", failures.stream().map(f -> f[0] + ": " + f[1] + "; " + f[2]).toList()));
            return e;
        }
    }

    /** One endpoint: its kept answer, and the fetch under way or why there is none. */
    static final class Endpoint<T> {
        final String what;
        final Path cache;
        final Function<T, JsonObject> toJson;
        final Instant now;
        T kept;
        Instant keptAt;
        String url, failure;
        CompletableFuture<T> fetch;

        Endpoint(String what, Path cache, Function<JsonObject, T> fromJson, Function<T, JsonObject> toJson, Instant now) {
            this.what = what;
            this.cache = cache;
            this.toJson = toJson;
            this.now = now;
            try {
                JsonObject o = Json.parse(Files.readString(cache, StandardCharsets.UTF_8)).asObject();
                keptAt = Instant.parse(o.get("fetched_at").asString());
                kept = keptAt.isAfter(now.plus(Duration.ofHours(1))) ? null : fromJson.apply(o.get("answer").asObject());
            } catch (IOException | RuntimeException e) {
                kept = null; // none kept yet, or unreadable: as if none
            }
        }

        void start(Fetcher fetcher, String url, Map<String, String> headers, Function<JsonValue, T> parse, boolean key) {
            this.url = url;
            if (kept != null && Duration.between(keptAt, now).compareTo(FRESH) < 0) return;
            if (!key) failure = "OPENROUTER_API_KEY is not set";
            else fetch = CompletableFuture.supplyAsync(() -> parse.apply(fetcher.json(url, headers, "OPENROUTER_API_KEY")), BACKGROUND);
        }

        /** The answer to use; a failure adds what failed, why, and what serves instead. */
        T result(long deadline, long seconds, List<String[]> failures) {
            if (fetch != null) {
                try {
                    T fresh = fetch.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    keep(fresh);
                    return fresh;
                } catch (TimeoutException e) {
                    failure = url + " did not answer within " + seconds + " s";
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof Cli.Failure f ? f.getMessage() : url + " answered with " + describe(e.getCause());
                } catch (InterruptedException e) {
                    failure = "interrupted";
                }
            }
            if (failure == null) return kept;
            boolean usable = kept != null && Duration.between(keptAt, now).compareTo(KEPT) <= 0;
            failures.add(new String[] {what, failure, usable ? "using the answer kept from " + keptAt.atZone(ZoneOffset.UTC).toLocalDate()
                    : "the score goes without that evidence" + (kept == null ? "" : " (the kept answer is more than 7 days old)")});
            return usable ? kept : null;
        }

        void keep(T fresh) {
            String text = new JsonObject().add("fetched_at", now.toString()).add("answer", toJson.apply(fresh)).toString();
            try {
                new SafeWrite().replace(cache, text.getBytes(StandardCharsets.UTF_8), null);
            } catch (Cli.Failure e) {
                Cli.info("the " + what + " could not be kept in " + cache + " (" + e.getMessage() + "); it is asked for again next sync");
            }
        }
    }

    static String describe(Throwable e) {
        return e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage() : "an answer of an unexpected shape";
    }

    // Reading the two answers: shared checks.

    static JsonObject meta(JsonValue body) {
        if (!body.isObject()) throw new IllegalArgumentException("not a JSON object");
        JsonValue meta = body.asObject().get("meta");
        return meta != null && meta.isObject() ? meta.asObject() : new JsonObject();
    }

    static JsonArray rows(JsonValue body) {
        JsonValue data = body.asObject().get("data");
        if (data == null || !data.isArray()) throw new IllegalArgumentException("no 'data' list");
        return data.asArray();
    }

    /** Refuses an empty answer, or one whose rows are mostly malformed. */
    static void checkRows(int total, int bad) {
        if (total == 0) throw new IllegalArgumentException("an empty 'data' list");
        if (bad * 2 > total) throw new IllegalArgumentException(bad + " of " + total + " rows malformed");
    }

    static LocalDate date(JsonValue v) {
        String s = JsonFields.string(v);
        try {
            return s == null || s.length() < 10 ? null : LocalDate.parse(s.substring(0, 10));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A row's model: its permaslug without the variant (`:free` counts for its model), "other", or null when malformed. */
    static String slug(JsonValue v) {
        String s = JsonFields.string(v);
        if ("other".equals(s)) return s;
        if (s == null || s.length() > 200 || !Listing.validId(s)) return null;
        return Listing.base(s);
    }

    static String asOf(JsonObject meta, LocalDate fallback) {
        LocalDate d = date(meta.get("as_of"));
        return d != null ? d.toString() : fallback != null ? fallback.toString() : "an unknown date";
    }
}
