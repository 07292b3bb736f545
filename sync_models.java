///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.eclipsesource.minimal-json:minimal-json:0.9.5
//DEPS org.yaml:snakeyaml:2.5
//SOURCES domain/Cli.java domain/Env.java domain/Model.java domain/Catalog.java domain/ProxyConfig.java domain/Recommend.java
//COMPILE_OPTIONS -encoding UTF-8 -XDstringConcat=inline
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.ParseException;
import com.eclipsesource.json.WriterConfig;
import domain.Catalog;
import domain.Cli;
import domain.Env;
import domain.Model;
import domain.ProxyConfig;
import domain.Recommend;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/** Fetches the providers' catalogs and rewrites LiteLLM's model_list, keeping everything the operator wrote. */
class sync_models {
    static final String USAGE = """
            usage: sync_models [N] [--limit N] [--config PATH] [--dry-run] [--force] [--quiet]

            Fetch OpenRouter's catalog, keep the models that pass the filter (config/sync.yaml),
            score and tag them, write the best N into LiteLLM's config and the whole kept catalog
            into data/models.json and data/model_recommendations.json.

              N, --limit N     OpenRouter entries to write (default: OPENROUTER_MODEL_LIMIT, else 50; 0 = all)
              --config PATH    LiteLLM config to update (default: LITELLM_CONFIG, else config/litellm/config.yaml)
              --dry-run        print what would change; write nothing
              --force          accept a catalog the safety checks refuse (mostly malformed, or a large drop)
              --quiet          only warnings and errors (for cron)
              -h, --help       this help

            Settings come from the environment, then from .env in the project folder:
              OPENROUTER_API_KEY       sent as a Bearer token when set; the config refers to it as os.environ/OPENROUTER_API_KEY
              OPENROUTER_API_BASE      default https://openrouter.ai/api/v1; the catalog is $OPENROUTER_API_BASE/models
              OPENROUTER_MODEL_LIMIT   default 50; 0 = all
              LITELLM_CONFIG           default config/litellm/config.yaml
              MAGI_HTTP_TIMEOUT        seconds per request, default 30

            Exit status: 0 synced (or nothing to change), 1 the catalog could not be fetched or was refused
            (config unchanged), 2 bad usage or setting, 4 the config cannot be read or written, 5 another sync is running.
            """;

    static final String PROG = "sync_models";
    static final String DEFAULT_BASE = "https://openrouter.ai/api/v1";
    /** A catalog body larger than this is refused rather than read into memory. */
    static final long MAX_BODY_BYTES = 256L << 20;
    /** Refuse (without --force) when more than this share of entries is malformed, or the kept count falls by more. */
    static final double MAX_BAD_SHARE = 0.5, MAX_DROP_SHARE = 0.5;
    static final int KEEP_BACKUPS = 5;

    public static void main(String[] args) {
        Cli.main(PROG, () -> run(args));
    }

    record Options(Integer limit, Path config, boolean dryRun, boolean force, boolean quiet) {}

    static int run(String[] args) {
        Env env = Env.load();
        Cli.hide(env.secrets());
        Options opt = parseArgs(args, env);
        if (opt == null) {
            System.out.print(USAGE);
            return Cli.OK;
        }
        Cli.quiet(opt.quiet);
        int limit = opt.limit != null ? opt.limit
                : env.get("OPENROUTER_MODEL_LIMIT") == null ? 50 : Cli.count("OPENROUTER_MODEL_LIMIT", env.get("OPENROUTER_MODEL_LIMIT"));
        int timeout = env.get("MAGI_HTTP_TIMEOUT") == null ? 30 : Math.max(1, Cli.count("MAGI_HTTP_TIMEOUT", env.get("MAGI_HTTP_TIMEOUT")));
        Criteria criteria = Criteria.load(env.home.resolve("config/sync.yaml"));
        // Before anything can fail: a fresh clone serves the shipped default even when the provider is down.
        Path config = opt.config, shipped = env.home.resolve("config/litellm/config.default.yaml");
        if (!opt.dryRun) seedDefault(config, shipped);
        Path data = env.home.resolve("data");

        String base = env.get("OPENROUTER_API_BASE", DEFAULT_BASE).replaceAll("/+$", "");
        String url = base + "/models";
        Map<String, String> headers = new LinkedHashMap<>();
        if (env.get("OPENROUTER_API_KEY") != null) headers.put("Authorization", "Bearer " + env.get("OPENROUTER_API_KEY"));
        Cli.info("fetching " + url);
        Sifted sifted;
        try (Fetcher fetcher = new Fetcher(Duration.ofSeconds(timeout))) {
            sifted = fetchCatalog(fetcher, url, headers, criteria, LocalDate.now(ZoneOffset.UTC));
        }
        Cli.info(sifted.summary());
        int previous = Catalog.count(data.resolve("models.json"));
        refuseIfSuspicious(sifted, previous, opt.force);

        try (ConfigLock lock = opt.dryRun ? null : ConfigLock.take(config)) {
            ConfigFile file = ConfigFile.read(opt.dryRun && !Files.exists(config) ? shipped : config);
            List<Model> ranked = sifted.models();
            List<Model> chosen = choose(ranked, file.operatorNames(), limit);
            Map<String, Listing> byId = new HashMap<>();
            sifted.listings().forEach(l -> byId.put(l.id(), l));
            List<Map<String, Object>> entries = chosen.stream().map(m -> openRouterEntry(m, byId.get(m.id()))).toList();

            Merge merge = file.merge("openrouter", entries);
            Set<String> inConfig = new HashSet<>(merge.names());
            String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            Catalog catalog = new Catalog(now, Map.of("openrouter", url), ranked);
            String recommendations = recommendations(catalog, inConfig);

            String counts = "openrouter: " + merge.counts() + "; " + chosen.size() + " of " + ranked.size() + " kept models in the config";
            if (opt.dryRun) {
                System.out.println("dry run: " + counts + (merge.changed() ? "" : " (config unchanged)"));
                merge.added().forEach(n -> System.out.println("  + " + n));
                merge.removed().forEach(n -> System.out.println("  - " + n));
                return Cli.OK;
            }
            Writer w = new Writer();
            w.stage(data.resolve("models.json"), out -> {
                java.io.Writer text = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                catalog.write(text);
                text.flush();
            }, null);
            w.stage(data.resolve("model_recommendations.json"), recommendations.getBytes(StandardCharsets.UTF_8));
            if (merge.changed()) w.replaceConfig(config, file.bytes(), merge.text().getBytes(StandardCharsets.UTF_8));
            w.commit();
            ProxyConfig.cached(config, env.home.resolve(ProxyConfig.CACHE)); // so the next read command need not parse YAML
            Cli.info(counts + (merge.changed() ? "; wrote " + config + " (previous in " + config.getFileName() + ".backup)" : "; config unchanged"));
            return Cli.OK;
        }
    }

    /**
     * The best `limit` models (0: all) whose names the operator has not taken: a hand-written entry with the same
     * model_name always wins, and the next model fills its place.
     */
    static List<Model> choose(List<Model> ranked, Set<String> operatorNames, int limit) {
        List<Model> free = ranked.stream().filter(m -> !operatorNames.contains(m.modelName())).toList();
        if (free.size() < ranked.size())
            Cli.warn((ranked.size() - free.size()) + " synced name(s) are taken by operator entries, which win: "
                    + String.join(", ", ranked.stream().map(Model::modelName).filter(operatorNames::contains).toList()));
        return limit == 0 ? free : free.subList(0, Math.min(limit, free.size()));
    }

    static Options parseArgs(String[] args, Env env) {
        Integer limit = null;
        Path config = env.path("LITELLM_CONFIG", "config/litellm/config.yaml");
        boolean dry = false, force = false, quiet = false;
        List<String> flags = List.of("--limit", "--config", "--dry-run", "--force", "--quiet", "--help");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help", "help" -> { return null; }
                case "--dry-run", "-n" -> dry = true;
                case "--force" -> force = true;
                case "--quiet", "-q" -> quiet = true;
                case "--limit", "--config" -> {
                    if (i + 1 >= args.length) throw new Cli.Failure(Cli.USAGE, a + " needs a value");
                    String v = args[++i];
                    if (a.equals("--limit")) limit = Cli.count("--limit", v); else config = Path.of(v).toAbsolutePath();
                }
                default -> {
                    if (a.startsWith("--limit=")) limit = Cli.count("--limit", a.substring(8));
                    else if (a.startsWith("--config=")) config = Path.of(a.substring(9)).toAbsolutePath();
                    else if (!a.startsWith("-") && limit == null) limit = Cli.count("N", a);
                    else throw new Cli.Failure(Cli.USAGE, Cli.unknown("argument", a, flags) + " (see --help)");
                }
            }
        }
        return new Options(limit, config, dry, force, quiet);
    }

    // ---------------------------------------------------------------- fetch

    /**
     * GET with a connect timeout, an answer timeout, a deadline for the whole body, a size cap, and up to 3
     * attempts on 429, 5xx and refused connections. Bodies are streamed, never held whole.
     */
    static final class Fetcher implements AutoCloseable {
        static final int ATTEMPTS = 3;
        static final long MAX_RETRY_AFTER_S = 60;
        final HttpClient client;
        final Duration timeout;

        Fetcher(Duration timeout) {
            this.timeout = timeout;
            this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }

        /**
         * Stops the client's selector thread. Java 17's HttpClient has no close(), and the JVM's exit waits 300 ms
         * for any thread blocked in native code, which that thread always is.
         */
        @Override
        public void close() {
            Thread[] threads = new Thread[Thread.activeCount() + 8];
            int n = Thread.enumerate(threads);
            for (int i = 0; i < n; i++)
                if (threads[i].getName().endsWith("SelectorManager")) {
                    threads[i].interrupt();
                    try {
                        threads[i].join(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
        }

        /** A small JSON document, parsed whole. */
        JsonValue json(String url, Map<String, String> headers, String keyVar) {
            JsonValue[] out = new JsonValue[1];
            read(url, headers, keyVar, r -> out[0] = Json.parse(r));
            return out[0];
        }

        interface BodyReader { void read(java.io.Reader body) throws IOException; }

        /** Fetches `url` and hands its body to `reader`; any failure becomes one line that says the config is unchanged. */
        void read(String url, Map<String, String> headers, String keyVar, BodyReader reader) {
            Body body = open(url, headers, keyVar);
            try (body) {
                reader.read(new InputStreamReader(body, StandardCharsets.UTF_8));
            } catch (ParseException e) {
                if (body.expired) throw new Cli.Failure(Cli.FAILED, url + " did not finish its answer within " + timeout.toSeconds() * 2 + " s; config unchanged");
                String head = body.head().strip().toLowerCase(Locale.ROOT);
                String what = head.startsWith("<") ? "an HTML page, not JSON" : body.count == 0 ? "an empty body"
                        : e.getMessage().startsWith("Unexpected end of input") ? "a body cut short (" + body.count + " bytes)" : "not valid JSON (" + e.getMessage() + ")";
                throw new Cli.Failure(Cli.FAILED, url + " answered with " + what + "; config unchanged");
            } catch (TooLarge e) {
                throw new Cli.Failure(Cli.FAILED, url + " sent more than " + (MAX_BODY_BYTES >> 20) + " MiB; refused; config unchanged");
            } catch (IOException e) {
                String why = body.expired ? "did not finish its answer within " + timeout.toSeconds() * 2 + " s" : "broke off its answer (" + describe(e) + ")";
                throw new Cli.Failure(Cli.FAILED, url + " " + why + "; config unchanged");
            }
        }

        /** The body of a 200 answer, after retrying what is worth retrying. */
        Body open(String url, Map<String, String> headers, String keyVar) {
            URI uri;
            try {
                uri = URI.create(url);
                if (uri.getHost() == null) throw new IllegalArgumentException("no host");
            } catch (IllegalArgumentException e) {
                throw new Cli.Failure(Cli.USAGE, "not a valid URL: " + url);
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json")
                    .header("User-Agent", "magi-models");
            headers.forEach(rb::header);
            HttpRequest req = rb.build();
            for (int attempt = 1; ; attempt++) {
                String problem;
                long waitS = 1L << (attempt - 1);
                try {
                    HttpResponse<java.io.InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
                    int s = r.statusCode();
                    if (s == 200) return new Body(r.body(), timeout.multipliedBy(2));
                    r.body().close(); // error bodies may echo the key: never read, never shown
                    if (s == 401 || s == 403)
                        throw new Cli.Failure(Cli.FAILED, uri.getHost() + " refused the request (HTTP " + s + "): check " + keyVar + "; config unchanged");
                    if (s != 429 && s < 500)
                        throw new Cli.Failure(Cli.FAILED, url + " answered HTTP " + s + "; config unchanged");
                    problem = "HTTP " + s;
                    Long after = retryAfter(r.headers().firstValue("Retry-After").orElse(null));
                    if (after != null) {
                        if (after > MAX_RETRY_AFTER_S)
                            throw new Cli.Failure(Cli.FAILED, url + " asks to retry after " + after + " s (HTTP " + s + "); config unchanged");
                        waitS = after;
                    }
                } catch (HttpTimeoutException e) {
                    throw new Cli.Failure(Cli.FAILED, url + " did not answer within " + timeout.toSeconds() + " s; config unchanged");
                } catch (ConnectException e) {
                    problem = "connection refused";
                } catch (IOException e) {
                    throw new Cli.Failure(Cli.FAILED, "cannot fetch " + url + ": " + describe(e) + "; config unchanged");
                } catch (InterruptedException e) {
                    throw new Cli.Failure(Cli.FAILED, "interrupted");
                }
                if (attempt == ATTEMPTS)
                    throw new Cli.Failure(Cli.FAILED, "cannot reach " + url + " (" + problem + " after " + ATTEMPTS + " attempts); config unchanged");
                Cli.warn(url + ": " + problem + "; retrying in " + waitS + " s");
                try {
                    Thread.sleep(waitS * 1000);
                } catch (InterruptedException e) {
                    throw new Cli.Failure(Cli.FAILED, "interrupted");
                }
            }
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

    /**
     * Parses a catalog document like Json.parse, except that each element of the top-level "data" list is handed
     * to `sink` as soon as it is complete and not kept: a catalog of any size costs the memory of one entry.
     */
    static final class CatalogHandler extends com.eclipsesource.json.JsonHandler<JsonArray, JsonObject> {
        final java.util.function.Consumer<JsonValue> sink;
        JsonValue value;
        JsonArray data;
        int depth;
        String topName;

        CatalogHandler(java.util.function.Consumer<JsonValue> sink) { this.sink = sink; }

        @Override public void endNull() { value = Json.NULL; }
        @Override public void endBoolean(boolean b) { value = Json.value(b); }
        @Override public void endString(String s) { value = Json.value(s); }
        @Override public void endNumber(String n) { value = Json.parse(n); }
        @Override public JsonArray startArray() {
            JsonArray a = new JsonArray();
            if (++depth == 2 && "data".equals(topName) && data == null) data = a;
            return a;
        }
        @Override public void endArrayValue(JsonArray a) {
            if (a == data) sink.accept(value); else a.add(value);
        }
        @Override public void endArray(JsonArray a) { depth--; value = a; }
        @Override public JsonObject startObject() { depth++; return new JsonObject(); }
        @Override public void startObjectValue(JsonObject o, String name) { if (depth == 1) topName = name; }
        @Override public void endObjectValue(JsonObject o, String name) { o.add(name, value); }
        @Override public void endObject(JsonObject o) { depth--; value = o; }
    }

    // ---------------------------------------------------------------- catalog entries

    /**
     * One model as the provider lists it, validated, with only what the sync uses (a catalog may hold 100,000).
     * Prices are dollars per token, as OpenRouter gives them. tools and reasoning: in supported_parameters;
     * imageInput: in architecture.input_modalities; textOutput: text in output_modalities, or none listed.
     */
    record Listing(String id, String name, long created, long contextLength, long maxOutputTokens,
                   BigDecimal prompt, BigDecimal completion, boolean tools, boolean reasoning, boolean imageInput,
                   boolean textOutput, LocalDate expires) {

        String provider() { return id.substring(0, id.indexOf('/')); }
        /** The part after ':' (free, thinking, extended, ...), or "" for a base model. */
        String variant() {
            int c = id.indexOf(':');
            return c < 0 ? "" : id.substring(c + 1);
        }
        boolean variablePrice() { return prompt.signum() < 0 || completion.signum() < 0; }
        boolean free() { return prompt.signum() == 0 && completion.signum() == 0; }
    }

    static final Pattern ID = Pattern.compile("[A-Za-z0-9~][A-Za-z0-9._~-]*/[A-Za-z0-9][A-Za-z0-9._:+@-]*");
    static final long MAX_CONTEXT = 100_000_000;
    static final BigDecimal MAX_PRICE = new BigDecimal("0.01"); // $10,000 per 1M tokens: beyond is a data error

    /** A valid Listing, or null when the entry is malformed (wrong types, absurd values, unusable id). */
    static Listing listing(JsonValue v) {
        if (v == null || !v.isObject()) return null;
        JsonObject o = v.asObject();
        String id = string(o.get("id"));
        if (id == null || id.length() > 200 || !ID.matcher(id).matches()) return null;
        JsonObject pricing = o.get("pricing") != null && o.get("pricing").isObject() ? o.get("pricing").asObject() : null;
        if (pricing == null) return null;
        BigDecimal prompt = price(pricing.get("prompt")), completion = price(pricing.get("completion"));
        if (prompt == null || completion == null) return null;
        long context = whole(o.get("context_length"));
        if (context < 1 || context > MAX_CONTEXT) return null;
        JsonObject top = o.get("top_provider") != null && o.get("top_provider").isObject() ? o.get("top_provider").asObject() : new JsonObject();
        long maxOut = Math.max(0, whole(top.get("max_completion_tokens")));
        if (maxOut > MAX_CONTEXT) return null;
        JsonObject arch = o.get("architecture") != null && o.get("architecture").isObject() ? o.get("architecture").asObject() : new JsonObject();
        LocalDate expires = null;
        String exp = string(o.get("expiration_date"));
        if (exp != null) {
            try {
                expires = LocalDate.parse(exp.length() >= 10 ? exp.substring(0, 10) : exp);
            } catch (RuntimeException e) {
                return null;
            }
        }
        String name = string(o.get("name"));
        long created = Math.max(0, whole(o.get("created")));
        List<String> parameters = strings(o.get("supported_parameters")), output = strings(arch.get("output_modalities"));
        return new Listing(id, name == null ? id : name, created, context, maxOut, prompt, completion,
                parameters.contains("tools"), parameters.contains("reasoning"), strings(arch.get("input_modalities")).contains("image"),
                output.isEmpty() || output.contains("text"), expires);
    }

    static String string(JsonValue v) { return v != null && v.isString() ? v.asString() : null; }

    static long whole(JsonValue v) {
        if (v == null || !v.isNumber()) return -1;
        double d = v.asDouble();
        return d == Math.rint(d) && d >= 0 && d < 1e15 ? (long) d : -1;
    }

    static List<String> strings(JsonValue v) {
        if (v == null || !v.isArray()) return List.of();
        List<String> out = new ArrayList<>();
        for (JsonValue x : v.asArray()) if (x.isString()) out.add(x.asString());
        return out;
    }

    /** A price string ("0.0000025"), or "-1" for variable; null when absent, non-numeric, negative or absurd. */
    static BigDecimal price(JsonValue v) {
        String s = v == null ? null : v.isString() ? v.asString() : v.isNumber() ? v.toString() : null;
        if (s == null) return null;
        try {
            BigDecimal d = new BigDecimal(s.strip());
            if (d.compareTo(BigDecimal.ONE.negate()) == 0) return d;
            return d.signum() < 0 || d.compareTo(MAX_PRICE) > 0 ? null : d;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- filter

    /**
     * Why a valid listing is dropped, or null to keep it. In order: past its expiration_date; variable price (-1);
     * no text output (image, audio or embedding only); an alias (`~provider/...-latest`); a variant the criteria do
     * not keep (`:extended`, `:beta`, ...); free when free models are off; the operator's criteria.
     */
    static String dropReason(Listing l, Criteria c, LocalDate today) {
        if (l.expires() != null && l.expires().isBefore(today)) return "expired";
        if (l.variablePrice()) return "variable-price";
        if (!l.textOutput()) return "not-chat";
        if (l.id().startsWith("~")) return "alias";
        String variant = l.variant();
        if (!variant.isEmpty() && !variant.equals("free") && !c.keepVariants().contains(variant)) return "variant";
        if (l.free() && !c.freeModels()) return "free";
        return c.rejects(l) ? "criteria" : null;
    }

    /** The outcome of filtering a catalog: ranked, named models; their listings; and what was dropped why. */
    record Sifted(List<Model> models, List<Listing> listings, int total, int malformed, int duplicates, Map<String, Integer> dropped) {
        String summary() {
            StringBuilder sb = new StringBuilder("catalog: " + total + " models, kept " + models.size());
            dropped.forEach((k, v) -> sb.append(", ").append(k).append(' ').append(v));
            if (malformed > 0) sb.append(", malformed ").append(malformed);
            if (duplicates > 0) sb.append(", duplicate ").append(duplicates);
            return sb.toString();
        }
    }

    /** Filters catalog entries one at a time, as they are parsed. */
    static final class Sifter {
        final Criteria criteria;
        final LocalDate today;
        final List<Listing> kept = new ArrayList<>();
        final Map<String, Integer> dropped = new TreeMap<>();
        final Set<String> seen = new HashSet<>();
        int total, malformed, duplicates;

        Sifter(Criteria criteria, LocalDate today) {
            this.criteria = criteria;
            this.today = today;
        }

        void accept(JsonValue v) {
            total++;
            Listing l = listing(v);
            if (l == null) { malformed++; return; }
            if (!seen.add(l.id())) { duplicates++; return; }
            String why = dropReason(l, criteria, today);
            if (why != null) dropped.merge(why, 1, Integer::sum);
            else kept.add(l);
        }

        /** Checks the document's shape (its data list was streamed through accept), then names, enriches and ranks. */
        Sifted finish(JsonValue document, boolean hasData) {
            if (!document.isObject() || document.asObject().get("data") == null)
                throw new Cli.Failure(Cli.FAILED, "the catalog has no 'data' list; config unchanged");
            if (!hasData) throw new Cli.Failure(Cli.FAILED, "the catalog's 'data' is not a list; config unchanged");
            if (total == 0) throw new Cli.Failure(Cli.FAILED, "the catalog is empty; config unchanged");
            long newest = kept.stream().mapToLong(Listing::created).max().orElse(0);
            Map<String, String> names = names(kept.stream().map(Listing::id).toList());
            List<Model> models = kept.stream().map(l -> enrich(l, names.get(l.id()), newest)).sorted(RANK).toList();
            return new Sifted(models, kept, total, malformed, duplicates, dropped);
        }
    }

    /** Sifts a catalog document already in memory. */
    static Sifted sift(JsonValue body, Criteria criteria, LocalDate today) {
        Sifter s = new Sifter(criteria, today);
        JsonValue data = body.isObject() ? body.asObject().get("data") : null;
        if (data != null && data.isArray()) data.asArray().forEach(s::accept);
        return s.finish(body, data != null && data.isArray());
    }

    /** Streams the catalog at `url` through a Sifter. */
    static Sifted fetchCatalog(Fetcher fetcher, String url, Map<String, String> headers, Criteria criteria, LocalDate today) {
        Sifter s = new Sifter(criteria, today);
        CatalogHandler h = new CatalogHandler(s::accept);
        fetcher.read(url, headers, "OPENROUTER_API_KEY", r -> new com.eclipsesource.json.JsonParser(h).parse(r));
        return s.finish(h.value, h.data != null);
    }

    static void refuseIfSuspicious(Sifted s, int previous, boolean force) {
        String why = null;
        if (s.malformed() > s.total() * MAX_BAD_SHARE)
            why = s.malformed() + " of " + s.total() + " catalog entries are malformed";
        else if (s.models().isEmpty())
            why = "no model passed the filter";
        else if (previous > 0 && s.models().size() < previous * (1 - MAX_DROP_SHARE))
            why = "the catalog shrank from " + previous + " to " + s.models().size() + " kept models";
        if (why == null) return;
        if (force) Cli.warn(why + "; accepted because of --force");
        else throw new Cli.Failure(Cli.FAILED, why + "; config unchanged (use --force to accept it)");
    }

    // ---------------------------------------------------------------- naming

    /**
     * model_name for each id: `openrouter/{provider}-{model}`, the variant after ':' joined with '-', any character
     * outside [A-Za-z0-9._-] replaced by '-'. Ids that map to the same name (rare) are told apart by the
     * lexicographic order of their ids: the first keeps the name, the next get -2, -3, ...
     */
    static Map<String, String> names(List<String> ids) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (String id : ids) byName.computeIfAbsent(baseName(id), k -> new ArrayList<>()).add(id);
        Map<String, String> out = new HashMap<>();
        byName.forEach((name, group) -> {
            group.sort(Comparator.naturalOrder());
            for (int i = 0; i < group.size(); i++) out.put(group.get(i), i == 0 ? name : name + "-" + (i + 1));
        });
        return out;
    }

    static String baseName(String id) {
        String flat = id.replace('/', '-').replace(':', '-').replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("-{2,}", "-");
        return "openrouter/" + flat;
    }

    // ---------------------------------------------------------------- enrich: tier, tags, score

    /** Cost tier on the blended price (mean of input and output per 1M tokens): budget < $1 <= standard < $10 <= premium. */
    static String tier(double blendedPer1m) {
        return blendedPer1m < 1 ? "budget" : blendedPer1m < 10 ? "standard" : "premium";
    }

    static final Map<String, String> PROVIDER_TAG = Map.of("meta-llama", "meta", "mistralai", "mistral", "x-ai", "xai");
    static final Set<String> SMALL_WORDS = Set.of("mini", "nano", "flash", "lite", "haiku", "small", "tiny", "micro");
    static final Set<String> LARGE_WORDS = Set.of("opus", "pro", "large", "ultra", "max");
    static final Set<String> CODE_WORDS = Set.of("coder", "code", "codestral", "devstral", "codex");
    static final Pattern PARAMS = Pattern.compile("(\\d+(?:\\.\\d+)?)b");

    /** The words of a model id after the provider ("gemini-2.5-flash" -> gemini, 2.5, flash): tags match whole words only. */
    static List<String> words(String id) {
        String model = id.substring(id.indexOf('/') + 1).toLowerCase(Locale.ROOT);
        return List.of(model.split("[^a-z0-9.]+"));
    }

    /** Billions of parameters named in the id (the first "70b", "1.2b" word), or 0. */
    static double parameters(List<String> words) {
        for (String w : words) {
            Matcher m = PARAMS.matcher(w);
            if (m.matches()) return Double.parseDouble(m.group(1));
        }
        return 0;
    }

    /** Provider, capability (function-calling, vision, reasoning, web-search, long-context, coding) and size (small, large) tags. */
    static List<String> tags(Listing l) {
        List<String> tags = new ArrayList<>();
        List<String> words = words(l.id());
        tags.add(PROVIDER_TAG.getOrDefault(l.provider(), l.provider()));
        if (l.tools()) tags.add("function-calling");
        if (l.imageInput()) tags.add("vision");
        if (l.reasoning()) tags.add("reasoning");
        if (l.provider().equals("perplexity") || words.contains("search")) tags.add("web-search");
        if (l.contextLength() >= 200_000) tags.add("long-context");
        if (words.stream().anyMatch(CODE_WORDS::contains)) tags.add("coding");
        double b = parameters(words);
        if (words.stream().anyMatch(SMALL_WORDS::contains) || (b > 0 && b <= 15)) tags.add("small");
        else if (words.stream().anyMatch(LARGE_WORDS::contains) || b >= 100) tags.add("large");
        return List.copyOf(tags);
    }

    static final Set<String> LEADING = Set.of("openai", "anthropic", "google");
    static final Set<String> ESTABLISHED = Set.of("meta-llama", "mistralai", "x-ai", "deepseek", "qwen", "moonshotai",
            "z-ai", "cohere", "microsoft", "amazon", "nvidia", "perplexity", "minimax");
    /** Words that mark a pre-release or a special edition rather than the model operators ask for by name. */
    static final Set<String> EDITION_WORDS = Set.of("preview", "exp", "experimental", "alpha", "beta", "fast", "customtools", "latest");
    static final Pattern SNAPSHOT = Pattern.compile("\\d{4}|\\d{6,8}|\\d{2}");

    /**
     * Popularity 0-100, the sum of:
     *   provider reputation  20 leading (openai, anthropic, google), 14 established (ESTABLISHED), 6 others
     *   recency              30 x (1 - age / 2 years), age counted from the newest model in the catalog
     *   capabilities         tools 8, image input 6, reasoning 6
     *   context              10 x log2(context / 8k) / log2(1M / 8k), clamped to 0-10
     *   price                6 at <= $0.50 blended per 1M, falling 3 per tenfold price, 0 at >= $50
     *   maturity             5 for a stable release: no preview/beta/exp/fast/... word and no date snapshot word
     *                        ("2603", "20260420", the "02-23" of "-02-23") in the id
     * rounded to a whole number.
     */
    static int popularity(Listing l, List<String> tags, long newestCreated) {
        double reputation = LEADING.contains(l.provider()) ? 20 : ESTABLISHED.contains(l.provider()) ? 14 : 6;
        double ageDays = Math.max(0, (newestCreated - l.created()) / 86400.0);
        double recency = 30 * Math.max(0, 1 - ageDays / 730);
        double capabilities = (tags.contains("function-calling") ? 8 : 0) + (tags.contains("vision") ? 6 : 0) + (tags.contains("reasoning") ? 6 : 0);
        double context = clamp(10 * Math.log(l.contextLength() / 8192.0) / Math.log(1_000_000 / 8192.0), 0, 10);
        double blended = perMillion(l.prompt()).add(perMillion(l.completion())).doubleValue() / 2;
        double price = clamp(6 - 3 * Math.log10(Math.max(blended, 0.5) / 0.5), 0, 6);
        double maturity = stable(words(l.id())) ? 5 : 0;
        return (int) Math.round(clamp(reputation + recency + capabilities + context + price + maturity, 0, 100));
    }

    /** No pre-release or edition word, and no date-like number word (a snapshot rather than the release). */
    static boolean stable(List<String> words) {
        return words.stream().noneMatch(w -> EDITION_WORDS.contains(w) || SNAPSHOT.matcher(w).matches());
    }

    static double clamp(double v, double lo, double hi) { return Math.max(lo, Math.min(hi, v)); }

    static BigDecimal perMillion(BigDecimal perToken) { return perToken.movePointRight(6).stripTrailingZeros(); }

    static Model enrich(Listing l, String modelName, long newest) {
        List<String> tags = tags(l);
        double in = perMillion(l.prompt()).doubleValue(), out = perMillion(l.completion()).doubleValue();
        return new Model(modelName, l.id(), l.name(), "openrouter", popularity(l, tags, newest), tier((in + out) / 2), tags,
                in, out, l.contextLength(), l.maxOutputTokens(), tags.contains("function-calling"), tags.contains("vision"),
                tags.contains("reasoning"), l.created());
    }

    /** Best first: score, then newest, then name; never depends on the catalog's order. */
    static final Comparator<Model> RANK = Comparator.comparingInt(Model::popularity).reversed()
            .thenComparing(Comparator.comparingLong(Model::created).reversed()).thenComparing(Model::modelName);

    // ---------------------------------------------------------------- LiteLLM entries

    /** The keys the sync writes; every other key of a managed entry is the operator's and survives a sync. */
    static final Set<String> OWNED_PARAMS = Set.of("model", "api_key", "api_base", "api_version");
    static final Set<String> OWNED_INFO = Set.of(ProxyConfig.MARKER, "mode", "base_model", "supports_function_calling",
            "supports_vision", "supports_reasoning", "max_tokens", "max_input_tokens", "max_output_tokens",
            "input_cost_per_token", "output_cost_per_token", "magi_cost_tier", "magi_tags", "magi_popularity");

    static Map<String, Object> openRouterEntry(Model m, Listing l) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("model", "openrouter/" + m.id());
        params.put("api_key", "os.environ/OPENROUTER_API_KEY");
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(ProxyConfig.MARKER, "openrouter");
        info.put("mode", "chat");
        info.put("supports_function_calling", m.functionCalling());
        info.put("supports_vision", m.vision());
        info.put("supports_reasoning", m.reasoning());
        info.put("max_tokens", m.maxOutputTokens() > 0 ? m.maxOutputTokens() : m.contextLength());
        info.put("max_input_tokens", m.contextLength());
        if (m.maxOutputTokens() > 0) info.put("max_output_tokens", m.maxOutputTokens());
        info.put("input_cost_per_token", l.prompt());
        info.put("output_cost_per_token", l.completion());
        info.put("magi_cost_tier", m.costTier());
        info.put("magi_tags", m.tags());
        info.put("magi_popularity", m.popularity());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model_name", m.modelName());
        entry.put("litellm_params", params);
        entry.put("model_info", info);
        return entry;
    }

    static String recommendations(Catalog catalog, Set<String> inConfig) {
        JsonObject out = new JsonObject().add("synced_at", catalog.syncedAt());
        JsonObject cats = new JsonObject();
        for (Recommend r : Recommend.values()) {
            JsonArray picks = new JsonArray();
            for (Model m : r.pick(catalog.models(), Recommend.PICKS))
                picks.add(new JsonObject().add("model_name", m.modelName()).add("id", m.id()).add("provider", m.provider())
                        .add("popularity", m.popularity()).add("cost_tier", m.costTier()).add("in_config", inConfig.contains(m.modelName()))
                        .add("reason", r.reason(m)));
            cats.add(r.key, new JsonObject().add("title", r.title).add("rule", r.rule).add("models", picks));
        }
        return out.add("categories", cats).toString(WriterConfig.PRETTY_PRINT) + "\n";
    }

    // ---------------------------------------------------------------- the sync's criteria file

    /** config/sync.yaml: what operators change without editing Java. Absent file: every default below. */
    record Criteria(boolean freeModels, List<String> keepVariants, List<String> includeProviders, List<String> excludeProviders,
                    List<Pattern> includeIds, List<Pattern> excludeIds, Double maxInputPer1m, Double maxOutputPer1m) {
        static final List<String> KEYS = List.of("free_models", "keep_variants", "include_providers", "exclude_providers",
                "include_ids", "exclude_ids", "max_input_cost_per_1m", "max_output_cost_per_1m");

        static Criteria defaults() {
            return new Criteria(false, List.of("thinking"), List.of(), List.of(), List.of(), List.of(), null, null);
        }

        boolean rejects(Listing l) {
            if (!includeProviders.isEmpty() && !includeProviders.contains(l.provider())) return true;
            if (excludeProviders.contains(l.provider())) return true;
            if (!includeIds.isEmpty() && includeIds.stream().noneMatch(p -> p.matcher(l.id()).matches())) return true;
            if (excludeIds.stream().anyMatch(p -> p.matcher(l.id()).matches())) return true;
            if (maxInputPer1m != null && perMillion(l.prompt()).doubleValue() > maxInputPer1m) return true;
            return maxOutputPer1m != null && perMillion(l.completion()).doubleValue() > maxOutputPer1m;
        }

        static Criteria load(Path file) {
            if (!Files.exists(file)) return defaults();
            Object root;
            try {
                root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            } catch (IOException | RuntimeException e) {
                throw new Cli.Failure(Cli.USAGE, "cannot read " + file + ": " + ProxyConfig.firstLine(e.getMessage()));
            }
            if (root == null) return defaults();
            if (!(root instanceof Map<?, ?> map)) throw new Cli.Failure(Cli.USAGE, file + " must be a mapping of settings");
            for (Object k : map.keySet())
                if (!KEYS.contains(String.valueOf(k))) throw new Cli.Failure(Cli.USAGE, file + ": " + Cli.unknown("setting", String.valueOf(k), KEYS));
            Criteria d = defaults();
            try {
                return new Criteria(
                        map.containsKey("free_models") ? (Boolean) map.get("free_models") : d.freeModels,
                        map.containsKey("keep_variants") ? list(map.get("keep_variants")) : d.keepVariants,
                        list(map.get("include_providers")), list(map.get("exclude_providers")),
                        globs(list(map.get("include_ids"))), globs(list(map.get("exclude_ids"))),
                        number(map.get("max_input_cost_per_1m")), number(map.get("max_output_cost_per_1m")));
            } catch (ClassCastException e) {
                throw new Cli.Failure(Cli.USAGE, file + ": a setting has the wrong type (" + e.getMessage() + ")");
            }
        }

        static List<String> list(Object o) {
            if (o == null) return List.of();
            if (!(o instanceof List<?> l)) throw new ClassCastException("expected a list, got " + o);
            return l.stream().map(String::valueOf).toList();
        }

        static Double number(Object o) { return o == null ? null : ((Number) o).doubleValue(); }

        /** Shell-style patterns on ids: `*` any run of characters, `?` one character. */
        static List<Pattern> globs(List<String> patterns) {
            return patterns.stream().map(p -> Pattern.compile(
                    Pattern.quote(p).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q"))).toList();
        }
    }

    // ---------------------------------------------------------------- the config file

    static Yaml yaml() {
        LoaderOptions lo = new LoaderOptions();
        lo.setProcessComments(true);
        DumperOptions d = dumper();
        return new Yaml(new SafeConstructor(lo), new EntryRepresenter(d), d, lo);
    }

    static DumperOptions dumper() {
        DumperOptions d = new DumperOptions();
        d.setProcessComments(true);
        d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        d.setIndent(2);
        d.setIndicatorIndent(2);
        d.setIndentWithIndicator(true);
        d.setWidth(Integer.MAX_VALUE);
        d.setSplitLines(false);
        d.setAllowUnicode(true);
        return d;
    }

    /** Prices as plain decimals ("0.0000025"): PyYAML, which LiteLLM uses, reads "2.5E-6" as a string. */
    static final class EntryRepresenter extends Representer {
        EntryRepresenter(DumperOptions d) {
            super(d);
            representers.put(BigDecimal.class, data -> {
                String s = ((BigDecimal) data).stripTrailingZeros().toPlainString();
                return representScalar(Tag.FLOAT, s.contains(".") ? s : s + ".0");
            });
        }
        Node node(Object o) { return represent(o); }
    }

    /** The current config as text and as a node tree (comments kept), validated for the merge. */
    record ConfigFile(Path path, byte[] bytes, MappingNode root, SequenceNode list) {
        static ConfigFile read(Path path) {
            if (Files.isSymbolicLink(path))
                throw new Cli.Failure(Cli.BAD_FILE, path + " is a symbolic link; the sync replaces the file atomically and would break it. "
                        + "Point LITELLM_CONFIG or --config at the real file");
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                bytes = new byte[0];
            } catch (IOException e) {
                throw new Cli.Failure(Cli.BAD_FILE, "cannot read " + path + ": " + e.getMessage());
            }
            Node root;
            try {
                root = yaml().compose(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            } catch (RuntimeException e) {
                throw new Cli.Failure(Cli.BAD_FILE, path + " is not valid YAML (" + ProxyConfig.firstLine(e.getMessage()) + "); fix it or restore "
                        + path.getFileName() + ".backup; nothing written");
            }
            if (root == null) root = new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
            if (!(root instanceof MappingNode map))
                throw new Cli.Failure(Cli.BAD_FILE, path + " must be a mapping with a model_list; nothing written");
            Node list = get(map, "model_list");
            if (list == null) {
                list = new SequenceNode(Tag.SEQ, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
                map.getValue().add(0, new NodeTuple(scalar("model_list"), list));
            }
            if (!(list instanceof SequenceNode seq))
                throw new Cli.Failure(Cli.BAD_FILE, path + ": model_list is not a list; nothing written");
            seq.setFlowStyle(DumperOptions.FlowStyle.BLOCK); // `model_list: []` must not make every entry a flow map
            for (int i = 0; i < seq.getValue().size(); i++)
                if (!(seq.getValue().get(i) instanceof MappingNode))
                    throw new Cli.Failure(Cli.BAD_FILE, path + ": model_list entry " + (i + 1) + " is not a mapping; nothing written");
            return new ConfigFile(path, bytes, map, seq);
        }

        Set<String> operatorNames() {
            Set<String> out = new HashSet<>();
            for (Node n : list.getValue()) if (managedBy(n) == null && text(get((MappingNode) n, "model_name")) != null) out.add(text(get((MappingNode) n, "model_name")));
            return out;
        }

        /**
         * Replaces the entries `provider` manages with `entries`: operator entries and other providers' entries stay
         * where they are; the new entries follow them, best first. An entry that existed keeps every key the operator
         * added to it; the keys the sync owns are rewritten.
         */
        Merge merge(String provider, List<Map<String, Object>> entries) {
            Yaml y = yaml();
            EntryRepresenter rep = new EntryRepresenter(dumper());
            Map<String, MappingNode> old = new LinkedHashMap<>();
            List<Node> kept = new ArrayList<>();
            for (Node n : list.getValue()) {
                if (provider.equals(managedBy(n))) old.put(text(get((MappingNode) n, "model_name")), (MappingNode) n);
                else kept.add(n);
            }
            List<String> added = new ArrayList<>(), updated = new ArrayList<>(), names = new ArrayList<>();
            int unchanged = 0;
            for (Map<String, Object> e : entries) {
                String name = (String) e.get("model_name");
                names.add(name);
                MappingNode fresh = (MappingNode) rep.node(e);
                MappingNode prev = old.remove(name);
                if (prev == null) {
                    kept.add(fresh);
                    added.add(name);
                    continue;
                }
                String before = dump(y, prev);
                overlay(prev, fresh);
                kept.add(prev);
                if (before.equals(dump(y, prev))) unchanged++; else updated.add(name);
            }
            List<String> removed = new ArrayList<>(old.keySet());
            list.getValue().clear();
            list.getValue().addAll(kept);
            for (Node n : list.getValue()) if (managedBy(n) == null) names.add(text(get((MappingNode) n, "model_name")));
            StringWriter w = new StringWriter();
            y.serialize(root, w);
            String text = w.toString();
            return new Merge(text, !text.equals(new String(bytes, StandardCharsets.UTF_8)), added, updated, removed, unchanged, names);
        }

        static String dump(Yaml y, Node n) {
            StringWriter w = new StringWriter();
            y.serialize(n, w);
            return w.toString();
        }

        /** Writes the sync's keys of `fresh` into `prev`, removing owned keys `fresh` no longer has. */
        static void overlay(MappingNode prev, MappingNode fresh) {
            for (String section : List.of("litellm_params", "model_info")) {
                Set<String> owned = section.equals("model_info") ? OWNED_INFO : OWNED_PARAMS;
                MappingNode target = get(prev, section) instanceof MappingNode m ? m : null;
                MappingNode source = (MappingNode) get(fresh, section);
                if (target == null) { put(prev, section, source); continue; }
                target.getValue().removeIf(t -> owned.contains(text(t.getKeyNode())) && get(source, text(t.getKeyNode())) == null);
                for (NodeTuple t : source.getValue()) put(target, text(t.getKeyNode()), t.getValueNode());
            }
        }
    }

    record Merge(String text, boolean changed, List<String> added, List<String> updated, List<String> removed,
                 int unchanged, List<String> names) {
        String counts() {
            return "added " + added.size() + ", updated " + updated.size() + ", removed " + removed.size() + ", unchanged " + unchanged;
        }
    }

    static String managedBy(Node entry) {
        if (!(entry instanceof MappingNode m) || !(get(m, "model_info") instanceof MappingNode info)) return null;
        return text(get(info, ProxyConfig.MARKER));
    }

    static Node get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) if (key.equals(text(t.getKeyNode()))) return t.getValueNode();
        return null;
    }

    static void put(MappingNode m, String key, Node value) {
        List<NodeTuple> tuples = m.getValue();
        for (int i = 0; i < tuples.size(); i++)
            if (key.equals(text(tuples.get(i).getKeyNode()))) {
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                return;
            }
        tuples.add(new NodeTuple(scalar(key), value));
    }

    static String text(Node n) { return n instanceof ScalarNode s ? s.getValue() : null; }

    static ScalarNode scalar(String s) { return new ScalarNode(Tag.STR, s, null, null, DumperOptions.ScalarStyle.PLAIN); }

    /** A fresh clone has no live config: it starts as a copy of the shipped default. */
    static void seedDefault(Path config, Path shipped) {
        if (Files.exists(config, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.exists(shipped)) return;
        try {
            new Writer().replace(config, Files.readAllBytes(shipped), null);
            Cli.info("created " + config + " from the shipped default");
        } catch (IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot create " + config + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- writing

    /** An exclusive lock beside the config, so a cron sync and a manual one never interleave. */
    static final class ConfigLock implements AutoCloseable {
        static final int WAIT_S = 30;
        final FileChannel channel;
        final FileLock lock;

        private ConfigLock(FileChannel c, FileLock l) { channel = c; lock = l; }

        static ConfigLock take(Path config) {
            Path file = config.resolveSibling("." + config.getFileName() + ".lock");
            try {
                Files.createDirectories(file.getParent());
                FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
                boolean told = false;
                while (true) {
                    FileLock l = c.tryLock();
                    if (l != null) return new ConfigLock(c, l);
                    if (System.nanoTime() > until) {
                        c.close();
                        throw new Cli.Failure(Cli.BUSY, "another sync is still running after " + WAIT_S + " s (lock " + file + "); nothing written");
                    }
                    if (!told) { Cli.info("waiting for another sync to finish"); told = true; }
                    Thread.sleep(200);
                }
            } catch (IOException e) {
                throw new Cli.Failure(Cli.BAD_FILE, "cannot lock " + file + ": " + e.getMessage());
            } catch (InterruptedException e) {
                throw new Cli.Failure(Cli.FAILED, "interrupted");
            }
        }

        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (IOException ignored) { /* the lock dies with the process anyway */ }
        }
    }

    /**
     * Writes every file to a temporary sibling first (fsynced, owner-only), then renames them all into place:
     * a failure before commit() leaves every file as it was; a crash during it leaves each file old or new, never torn.
     */
    static final class Writer {
        static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
        record Staged(Path tmp, Path target) {}
        final List<Staged> staged = new ArrayList<>();

        interface Content { void write(java.io.OutputStream out) throws IOException; }

        void stage(Path target, byte[] bytes) { stage(target, bytes, null); }

        void stage(Path target, byte[] bytes, Set<PosixFilePermission> perms) { stage(target, out -> out.write(bytes), perms); }

        void stage(Path target, Content content, Set<PosixFilePermission> perms) {
            try {
                Files.createDirectories(target.toAbsolutePath().getParent());
                Path tmp = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
                try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(c), 1 << 16);
                    content.write(out);
                    out.flush();
                    c.force(true);
                }
                Files.setPosixFilePermissions(tmp, perms == null ? OWNER_ONLY : perms);
                staged.add(new Staged(tmp, target));
            } catch (IOException e) {
                abort();
                throw new Cli.Failure(Cli.BAD_FILE, "cannot write " + target + ": " + reason(e) + "; nothing changed");
            }
        }

        /** Stages the new config, its backup (a byte copy of the old one) and a timestamped backup. */
        void replaceConfig(Path config, byte[] old, byte[] fresh) {
            Set<PosixFilePermission> perms = OWNER_ONLY;
            try {
                if (Files.exists(config)) {
                    perms = new HashSet<>(Files.getPosixFilePermissions(config));
                    perms.removeAll(Set.of(PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE));
                }
            } catch (IOException e) { /* keep owner-only */ }
            if (old.length > 0) {
                stage(config.resolveSibling(config.getFileName() + ".backup"), old);
                String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
                stage(config.resolveSibling("backups").resolve(config.getFileName() + "." + stamp), old);
            }
            stage(config, fresh, perms);
        }

        void replace(Path target, byte[] bytes, Set<PosixFilePermission> perms) {
            stage(target, bytes, perms);
            commit();
        }

        void commit() {
            Set<Path> dirs = new HashSet<>();
            try {
                for (Staged s : staged) {
                    Files.move(s.tmp, s.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    dirs.add(s.target.toAbsolutePath().getParent());
                }
                for (Path d : dirs) try (FileChannel c = FileChannel.open(d, StandardOpenOption.READ)) { c.force(true); }
            } catch (IOException e) {
                abort();
                throw new Cli.Failure(Cli.BAD_FILE, "cannot replace files: " + reason(e));
            }
            staged.stream().map(Staged::target).filter(t -> t.getParent().getFileName().toString().equals("backups"))
                    .findFirst().ifPresent(Writer::prune);
        }

        void abort() {
            for (Staged s : staged) try { Files.deleteIfExists(s.tmp); } catch (IOException ignored) { /* best effort */ }
        }

        /** Keeps the newest KEEP_BACKUPS timestamped backups. */
        static void prune(Path backup) {
            String prefix = backup.getFileName().toString().replaceAll("\\.[0-9TZ]+$", "") + ".";
            try (var files = Files.list(backup.getParent())) {
                List<Path> old = files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted(Comparator.reverseOrder()).toList();
                for (Path p : old.subList(Math.min(KEEP_BACKUPS, old.size()), old.size())) Files.deleteIfExists(p);
            } catch (IOException e) {
                Cli.warn("cannot prune old backups in " + backup.getParent() + ": " + e.getMessage());
            }
        }

        static String reason(IOException e) {
            if (e instanceof AccessDeniedException) return "permission denied";
            if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
            return e.getMessage();
        }
    }
}
