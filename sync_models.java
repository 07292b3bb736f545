///usr/bin/env "${0%/*}/magi" jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.eclipsesource.minimal-json:minimal-json:0.9.5
//DEPS org.yaml:snakeyaml:2.5
//SOURCES domain/Cli.java domain/Env.java domain/Http.java domain/Model.java domain/Catalog.java domain/ProxyConfig.java domain/Recommend.java
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
import java.util.function.Function;
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
            usage: sync_models [N] [--limit N] [--providers LIST] [--config PATH] [--dry-run] [--force] [--quiet]
                   sync_models --restore [--config PATH]

            Fetch the providers' catalogs (OpenRouter; Azure OpenAI when configured; OpenAI and Anthropic on
            request), keep the models that pass the filter (config/sync.yaml), score and tag them, and write
            them into LiteLLM's config (the best N of OpenRouter), data/models.json and
            data/model_recommendations.json. Entries you wrote are never touched.

              N, --limit N       OpenRouter entries to write (default: OPENROUTER_MODEL_LIMIT, else 50; 0 = all)
              --providers LIST   comma-separated: openrouter, azure, openai, anthropic (default: those configured)
              --config PATH      LiteLLM config to update (default: LITELLM_CONFIG, else config/litellm/config.yaml)
              --dry-run          print what would change; write nothing
              --force            accept a catalog the safety checks refuse (mostly malformed, or shrunk by half)
              --quiet            only warnings and errors (for cron)
              --restore          put config.yaml.backup back; the replaced config becomes the backup
              -h, --help         this help

            Settings come from the environment, then from .env in the project folder:
              OPENROUTER_API_KEY       sent as a Bearer token when set; the config refers to it as os.environ/OPENROUTER_API_KEY
              OPENROUTER_API_BASE      default https://openrouter.ai/api/v1; the catalog is $OPENROUTER_API_BASE/models
              OPENROUTER_MODEL_LIMIT   default 50; 0 = all
              AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_API_VERSION, AZURE_OPENAI_MODELS
              OPENAI_API_KEY, OPENAI_API_BASE, ANTHROPIC_API_KEY, ANTHROPIC_API_BASE
              LITELLM_CONFIG           default config/litellm/config.yaml
              MAGI_HTTP_TIMEOUT        seconds per request, default 30

            Exit status: 0 synced (or nothing to change); 1 no provider could be synced (config unchanged);
            2 bad usage or setting; 3 some providers failed (their entries kept); 4 the config cannot be read,
            is invalid or cannot be written; 5 another sync is running.
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

    record Options(Integer limit, Path config, List<String> providers, boolean dryRun, boolean force, boolean quiet, boolean restore) {}

    static final List<String> PROVIDERS = List.of("openrouter", "azure", "openai", "anthropic");

    /** What one provider brought: its models, best first, how many of them go into the config (0: all), and how. */
    record Offer(String provider, String source, List<Model> models, int limit, Function<Model, Map<String, Object>> entry) {}

    static int run(String[] args) {
        Env env = Env.load();
        Cli.hide(env::secrets);
        Options opt = parseArgs(args, env);
        if (opt == null) {
            System.out.print(USAGE);
            return Cli.OK;
        }
        Cli.quiet(opt.quiet);
        if (opt.restore) return restore(opt.config);
        int limit = opt.limit != null ? opt.limit : env.modelLimit();
        int timeout = env.get("MAGI_HTTP_TIMEOUT") == null ? 30 : Math.max(1, Cli.count("MAGI_HTTP_TIMEOUT", env.get("MAGI_HTTP_TIMEOUT")));
        Fetcher fetcher = new Fetcher(Duration.ofSeconds(timeout)); // sets up TLS (0.1 s) while the settings are read
        Criteria criteria = Criteria.load(env.home.resolve("config/sync.yaml"));
        // Before anything can fail: a fresh clone serves the shipped default even when no provider answers.
        Path shipped = env.home.resolve("config/litellm/config.default.yaml");
        if (!opt.dryRun) seedDefault(opt.config, shipped);
        Path data = env.home.resolve("data");

        Map<String, String> failed = new LinkedHashMap<>();
        Map<String, Offer> offers = gather(fetcher, opt.providers != null ? opt.providers : configured(env, criteria), env, criteria, limit,
                Catalog.counts(data.resolve("models.json")), opt.force, failed);
        if (offers.isEmpty()) {
            if (failed.size() == 1) throw new Cli.Failure(Cli.FAILED, failed.values().iterator().next() + "; config unchanged");
            failed.forEach((p, why) -> Cli.error(PROG, p + ": " + why));
            throw new Cli.Failure(Cli.FAILED, "no provider could be synced; config unchanged");
        }
        failed.forEach((p, why) -> Cli.error(PROG, p + ": " + why + "; its entries are kept as they were"));
        borrowFromOpenRouter(offers);
        apply(offers, failed.keySet(), opt, opt.dryRun && !Files.exists(opt.config) ? shipped : opt.config, env.home);
        return failed.isEmpty() ? Cli.OK : Cli.PARTIAL;
    }

    /** Asks each provider in turn; a provider that fails is recorded in `failed` and costs the others nothing. */
    static Map<String, Offer> gather(Fetcher fetcher, List<String> providers, Env env, Criteria criteria, int limit,
                                     Map<String, Integer> previous, boolean force, Map<String, String> failed) {
        Map<String, Offer> offers = new LinkedHashMap<>();
        for (String p : providers) {
            try {
                offers.put(p, switch (p) {
                    case "openrouter" -> openRouter(fetcher, env, criteria, limit, previous.getOrDefault(p, 0), force);
                    case "azure" -> azure(fetcher, env, criteria);
                    case "openai" -> openAI(fetcher, env, criteria);
                    default -> anthropic(fetcher, env);
                });
            } catch (Cli.Failure f) {
                if (f.code != Cli.FAILED) throw f;
                failed.put(p, f.getMessage());
            }
        }
        return offers;
    }

    /** Merges the offers into the config read from `source` and writes it with the catalog and recommendations (or, in a dry run, says what would change). */
    static void apply(Map<String, Offer> offers, Set<String> failed, Options opt, Path source, Path home) {
        Path config = opt.config, data = home.resolve("data");
        if (!opt.dryRun) writable(config);
        try (ConfigLock lock = opt.dryRun ? null : ConfigLock.take(config)) {
            ConfigFile file = ConfigFile.read(source);
            Set<String> taken = file.operatorTaken();
            List<Merge> merges = new ArrayList<>();
            for (Offer o : offers.values())
                merges.add(file.merge(o.provider(), choose(o.models(), taken, o.limit()).stream().map(o.entry()).toList()));
            String text = file.render();
            boolean changed = !text.equals(new String(file.bytes(), StandardCharsets.UTF_8));
            List<String> parts = new ArrayList<>(merges.stream().map(Merge::toString).toList());
            failed.forEach(p -> parts.add(p + ": failed, entries kept"));
            String summary = String.join("; ", parts);
            if (opt.dryRun) {
                System.out.println("dry run: " + summary + (changed ? "" : " (config unchanged)"));
                for (Merge m : merges) {
                    m.added().forEach(n -> System.out.println("  + " + n));
                    m.updated().forEach(n -> System.out.println("  ~ " + n));
                    m.removed().forEach(n -> System.out.println("  - " + n));
                }
                return;
            }
            Catalog catalog = catalog(offers, failed, data.resolve("models.json"));
            Writer w = new Writer();
            w.stage(data.resolve("models.json"), out -> {
                java.io.Writer utf8 = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                catalog.write(utf8);
                utf8.flush();
            }, null);
            w.stage(data.resolve("model_recommendations.json"), recommendations(catalog, new HashSet<>(file.names())).getBytes(StandardCharsets.UTF_8));
            if (changed) w.replaceConfig(config, file.bytes(), text.getBytes(StandardCharsets.UTF_8));
            w.commit();
            ProxyConfig.cached(config, home.resolve(ProxyConfig.CACHE)); // so the next read command need not parse YAML
            Cli.info(summary + (changed ? "; wrote " + config + " (previous in " + config.getFileName() + ".backup)" : "; config unchanged"));
        }
    }

    /**
     * The providers a plain sync covers: OpenRouter (its catalog is public), Azure when its endpoint and key
     * are set, and the direct providers listed under `discover` in config/sync.yaml.
     */
    static List<String> configured(Env env, Criteria criteria) {
        List<String> out = new ArrayList<>(List.of("openrouter"));
        boolean azure = env.get("AZURE_OPENAI_ENDPOINT") != null && env.get("AZURE_OPENAI_API_KEY") != null;
        if (azure) out.add("azure");
        else if (env.get("AZURE_OPENAI_MODELS") != null)
            Cli.warn("AZURE_OPENAI_MODELS is set but AZURE_OPENAI_ENDPOINT or AZURE_OPENAI_API_KEY is not: Azure is skipped");
        out.addAll(criteria.discover());
        return out;
    }

    /** data/models.json: every model offered now, plus the last known models of the providers that failed. */
    static Catalog catalog(Map<String, Offer> offers, Set<String> failed, Path previous) {
        List<Model> all = new ArrayList<>();
        Map<String, String> sources = new LinkedHashMap<>();
        offers.values().forEach(o -> {
            all.addAll(o.models());
            sources.put(o.provider(), o.source());
        });
        if (!failed.isEmpty() && Files.exists(previous)) {
            try {
                Catalog old = Catalog.read(previous);
                old.models().stream().filter(m -> failed.contains(m.provider())).forEach(all::add);
                old.sources().forEach((k, v) -> { if (failed.contains(k)) sources.put(k, v); });
            } catch (Cli.Failure e) {
                Cli.warn("the last catalog could not be read, so the failed providers' models are left out of data/models.json");
            }
        }
        all.sort(RANK);
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        return new Catalog(now, sources, all);
    }

    /**
     * The best `limit` models (0: all) that no operator entry already covers: a hand-written entry with the same
     * model_name or the same upstream model always wins, and the next model fills its place.
     */
    static List<Model> choose(List<Model> ranked, Set<String> taken, int limit) {
        List<Model> free = new ArrayList<>(), skipped = new ArrayList<>();
        for (Model m : ranked) (taken.contains(m.modelName()) || taken.contains(m.route()) ? skipped : free).add(m);
        if (!skipped.isEmpty())
            Cli.info(skipped.size() + " model(s) already have an entry of yours, which wins: "
                    + String.join(", ", skipped.stream().map(Model::modelName).toList()));
        return limit == 0 ? free : free.subList(0, Math.min(limit, free.size()));
    }

    static Options parseArgs(String[] args, Env env) {
        Integer limit = null;
        Path config = env.path("LITELLM_CONFIG", "config/litellm/config.yaml");
        List<String> providers = null;
        boolean dry = false, force = false, quiet = false, restore = false;
        List<String> flags = List.of("--limit", "--config", "--providers", "--dry-run", "--force", "--quiet", "--restore", "--help");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help", "help" -> { return null; }
                case "--dry-run", "-n" -> dry = true;
                case "--force" -> force = true;
                case "--quiet", "-q" -> quiet = true;
                case "--restore" -> restore = true;
                case "--limit", "--config", "--providers" -> {
                    if (i + 1 >= args.length) throw new Cli.Failure(Cli.USAGE, a + " needs a value");
                    String v = args[++i];
                    if (a.equals("--limit")) limit = Cli.count("--limit", v);
                    else if (a.equals("--config")) config = Path.of(v).toAbsolutePath();
                    else providers = providers(v);
                }
                default -> {
                    if (a.startsWith("--limit=")) limit = Cli.count("--limit", a.substring(8));
                    else if (a.startsWith("--config=")) config = Path.of(a.substring(9)).toAbsolutePath();
                    else if (a.startsWith("--providers=")) providers = providers(a.substring(12));
                    else if (!a.startsWith("-") && limit == null) limit = Cli.count("N", a);
                    else throw new Cli.Failure(Cli.USAGE, Cli.unknown("argument", a, flags) + " (see --help)");
                }
            }
        }
        return new Options(limit, config, providers, dry, force, quiet, restore);
    }

    static List<String> providers(String list) {
        List<String> out = new ArrayList<>();
        for (String p : list.split(",")) {
            String name = p.strip();
            if (!PROVIDERS.contains(name)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("provider", name, PROVIDERS) + " (openrouter, azure, openai, anthropic)");
            if (!out.contains(name)) out.add(name);
        }
        return out;
    }

    // ---------------------------------------------------------------- fetch

    /**
     * GET with a connect timeout, an answer timeout, a deadline for the whole body, a size cap, and up to 3
     * attempts on 429, 5xx and refused connections. Bodies are streamed, never held whole.
     */
    static final class Fetcher {
        static final int ATTEMPTS = 3;
        static final long MAX_RETRY_AFTER_S = 60;
        final java.util.concurrent.CompletableFuture<HttpClient> client;
        final Duration timeout;

        /** The client is built in the background: its TLS set-up is the slowest step of a short sync. */
        Fetcher(Duration timeout) {
            this.timeout = timeout;
            this.client = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                    HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build());
        }

        /** A small JSON document, parsed whole. */
        JsonValue json(String url, Map<String, String> headers, String keyVar) {
            JsonValue[] out = new JsonValue[1];
            read(url, headers, keyVar, r -> out[0] = Json.parse(r));
            return out[0];
        }

        interface BodyReader { void read(java.io.Reader body) throws IOException; }

        /** Fetches `url` and hands its body to `reader`; any failure becomes one line naming the URL and what went wrong. */
        void read(String url, Map<String, String> headers, String keyVar, BodyReader reader) {
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
                    HttpResponse<java.io.InputStream> r = client.join().send(req, HttpResponse.BodyHandlers.ofInputStream());
                    int s = r.statusCode();
                    if (s == 200) return new Body(r.body(), timeout.multipliedBy(2));
                    r.body().close(); // error bodies may echo the key: never read, never shown
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
                if (attempt == ATTEMPTS)
                    throw new Cli.Failure(Cli.FAILED, "cannot reach " + url + " (" + problem + " after " + ATTEMPTS + " attempts)");
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
                throw new Cli.Failure(Cli.FAILED, "the catalog has no 'data' list");
            if (!hasData) throw new Cli.Failure(Cli.FAILED, "the catalog's 'data' is not a list");
            if (total == 0) throw new Cli.Failure(Cli.FAILED, "the catalog is empty");
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

    // ---------------------------------------------------------------- providers

    static Offer openRouter(Fetcher fetcher, Env env, Criteria criteria, int limit, int previous, boolean force) {
        String url = env.get("OPENROUTER_API_BASE", DEFAULT_BASE).replaceAll("/+$", "") + "/models";
        Map<String, String> headers = new LinkedHashMap<>();
        if (env.get("OPENROUTER_API_KEY") != null) headers.put("Authorization", "Bearer " + env.get("OPENROUTER_API_KEY"));
        Cli.info("fetching " + url);
        Sifted sifted = fetchCatalog(fetcher, url, headers, criteria, LocalDate.now(ZoneOffset.UTC));
        Cli.info("openrouter " + sifted.summary());
        refuseIfSuspicious(sifted, previous, force);
        Map<String, Listing> byId = new HashMap<>();
        sifted.listings().forEach(l -> byId.put(l.id(), l));
        return new Offer("openrouter", url, sifted.models(), limit, m -> openRouterEntry(m, byId.get(m.id())));
    }

    static final String AZURE_DISCOVERY_VERSION = "2022-12-01";
    static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Azure OpenAI: the deployments listed in AZURE_OPENAI_MODELS, or else those the endpoint lists. Each
     * becomes azure/{deployment}; the endpoint and key stay environment references.
     */
    static Offer azure(Fetcher fetcher, Env env, Criteria criteria) {
        String endpoint = env.get("AZURE_OPENAI_ENDPOINT"), key = env.get("AZURE_OPENAI_API_KEY");
        if (endpoint == null || key == null) throw new Cli.Failure(Cli.FAILED, "AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_API_KEY must both be set");
        String version = env.get("AZURE_OPENAI_API_VERSION", "2024-08-01-preview");
        String listed = env.get("AZURE_OPENAI_MODELS"), source;
        List<String[]> deployments;
        if (listed != null) {
            source = "AZURE_OPENAI_MODELS";
            deployments = azureModels(listed);
        } else {
            source = endpoint.replaceAll("/+$", "") + "/openai/deployments?api-version=" + AZURE_DISCOVERY_VERSION;
            Cli.info("fetching " + source);
            deployments = azureDeployments(fetcher.json(source, Map.of("api-key", key), "AZURE_OPENAI_API_KEY"));
        }
        Map<String, String> modes = new HashMap<>();
        List<Model> models = new ArrayList<>();
        for (String[] d : deployments) {
            String mode = mode(d[1]);
            if (mode == null || !criteria.modes().contains(mode)) {
                Cli.info("azure: leaving out deployment " + d[0] + " (" + d[1] + (mode == null ? ", not a model the sync knows" : ", mode " + mode) + ")");
                continue;
            }
            modes.put(d[0], mode);
            models.add(direct("azure", d[0], d[1], family(d[1]), 0));
        }
        return new Offer("azure", source, models, 0, m -> {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("model", "azure/" + m.id());
            params.put("api_base", "os.environ/AZURE_OPENAI_ENDPOINT");
            params.put("api_key", "os.environ/AZURE_OPENAI_API_KEY");
            params.put("api_version", version);
            return directEntry(m, modes.get(m.id()), params, "azure/" + m.name());
        });
    }

    /** AZURE_OPENAI_MODELS: `deployment:model` items separated by commas; a malformed item is named and skipped. */
    static List<String[]> azureModels(String spec) {
        List<String[]> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String raw : spec.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            String[] pair = item.split(":", -1);
            if (pair.length != 2 || !DEPLOYMENT.matcher(pair[0]).matches() || !DEPLOYMENT.matcher(pair[1]).matches())
                Cli.warn("AZURE_OPENAI_MODELS: skipping '" + item + "': expected deployment:model (letters, digits, '.', '_', '-')");
            else if (!seen.add(pair[0]))
                Cli.warn("AZURE_OPENAI_MODELS: skipping '" + item + "': deployment " + pair[0] + " is listed twice; the first stays");
            else out.add(pair);
        }
        return out;
    }

    /** The deployments the data-plane API lists: those that succeeded, with a usable name and model. */
    static List<String[]> azureDeployments(JsonValue body) {
        JsonValue data = body.isObject() ? body.asObject().get("data") : null;
        if (data == null || !data.isArray()) throw new Cli.Failure(Cli.FAILED, "the Azure deployments list has no 'data' list");
        List<String[]> out = new ArrayList<>();
        for (JsonValue v : data.asArray()) {
            String id = v.isObject() ? string(v.asObject().get("id")) : null, model = v.isObject() ? string(v.asObject().get("model")) : null;
            if (id == null || model == null || !DEPLOYMENT.matcher(id).matches() || !DEPLOYMENT.matcher(model).matches())
                Cli.warn("azure: skipping a malformed deployment: " + Cli.redact(String.valueOf(v)).lines().findFirst().orElse(""));
            else if (!"succeeded".equals(string(v.asObject().get("status"))))
                Cli.warn("azure: skipping deployment " + id + ": its status is " + string(v.asObject().get("status")));
            else out.add(new String[] {id, model});
        }
        return out;
    }

    /** Direct OpenAI (opt-in): the models of GET $OPENAI_API_BASE/models whose mode is wanted (default: chat). */
    static Offer openAI(Fetcher fetcher, Env env, Criteria criteria) {
        String key = env.get("OPENAI_API_KEY");
        if (key == null) throw new Cli.Failure(Cli.FAILED, "OPENAI_API_KEY is not set");
        String url = env.get("OPENAI_API_BASE", "https://api.openai.com/v1").replaceAll("/+$", "") + "/models";
        Cli.info("fetching " + url);
        Map<String, String> modes = new HashMap<>();
        List<Model> models = new ArrayList<>();
        for (JsonValue v : list(fetcher.json(url, Map.of("Authorization", "Bearer " + key), "OPENAI_API_KEY"), url)) {
            String id = v.isObject() ? string(v.asObject().get("id")) : null;
            String mode = id == null ? null : mode(id);
            if (id == null || !DIRECT_ID.matcher(id).matches() || mode == null || !criteria.modes().contains(mode)) continue;
            modes.put(id, mode);
            models.add(direct("openai", id, id, family(id), Math.max(0, whole(v.asObject().get("created")))));
        }
        return new Offer("openai", url, models, 0, m -> directEntry(m, modes.get(m.id()),
                Map.of("model", "openai/" + m.id(), "api_key", "os.environ/OPENAI_API_KEY"), null));
    }

    /** Direct Anthropic (opt-in): every page of GET $ANTHROPIC_API_BASE/v1/models; all are chat models. */
    static Offer anthropic(Fetcher fetcher, Env env) {
        String key = env.get("ANTHROPIC_API_KEY");
        if (key == null) throw new Cli.Failure(Cli.FAILED, "ANTHROPIC_API_KEY is not set");
        String base = env.get("ANTHROPIC_API_BASE", "https://api.anthropic.com").replaceAll("/+$", "") + "/v1/models";
        Map<String, String> headers = Map.of("x-api-key", key, "anthropic-version", "2023-06-01");
        List<Model> models = new ArrayList<>();
        String after = null;
        for (int page = 0; page < 100; page++) {
            String url = base + "?limit=100" + (after == null ? "" : "&after_id=" + java.net.URLEncoder.encode(after, StandardCharsets.UTF_8));
            Cli.info("fetching " + url);
            JsonValue body = fetcher.json(url, headers, "ANTHROPIC_API_KEY");
            for (JsonValue v : list(body, url)) {
                String id = v.isObject() ? string(v.asObject().get("id")) : null;
                if (id == null || !DIRECT_ID.matcher(id).matches()) continue;
                long created = 0;
                try {
                    created = Instant.parse(string(v.asObject().get("created_at"))).getEpochSecond();
                } catch (RuntimeException e) { /* no date: created stays unknown */ }
                String name = string(v.asObject().get("display_name"));
                models.add(direct("anthropic", id, name == null ? id : name, family(id), created));
            }
            after = body.asObject().getBoolean("has_more", false) ? string(body.asObject().get("last_id")) : null;
            if (after == null) break;
        }
        return new Offer("anthropic", base, models, 0, m -> directEntry(m, "chat",
                Map.of("model", "anthropic/" + m.id(), "api_key", "os.environ/ANTHROPIC_API_KEY"), null));
    }

    static final Pattern DIRECT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    static JsonArray list(JsonValue body, String url) {
        JsonValue data = body.isObject() ? body.asObject().get("data") : null;
        if (data == null || !data.isArray()) throw new Cli.Failure(Cli.FAILED, url + " answered without a 'data' list");
        return data.asArray();
    }

    /** LiteLLM's mode for an OpenAI model name (Azure deployments use the same names), or null for one the sync does not know. */
    static String mode(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("text-embedding")) return "embedding";
        if (m.startsWith("whisper") || m.contains("transcribe")) return "audio_transcription";
        if (m.startsWith("tts") || m.contains("-tts")) return "audio_speech";
        if (m.startsWith("dall-e") || m.startsWith("gpt-image")) return "image_generation";
        if (m.contains("moderation")) return "moderation";
        if (m.contains("realtime")) return null;
        return m.matches("(ft:)?(gpt-|chatgpt-|o[1-9]|claude-).*") ? "chat" : null;
    }

    /**
     * Capabilities by model name, for the providers whose listings do not say them (Azure, OpenAI, Anthropic):
     * the first family whose pattern matches the whole name (a fine-tune's `ft:` aside) wins.
     */
    record Family(Pattern name, boolean vision, boolean tools, boolean reasoning, long maxOutput) {}

    static Family family(String regex, boolean vision, boolean tools, boolean reasoning, long maxOutput) {
        return new Family(Pattern.compile(regex), vision, tools, reasoning, maxOutput);
    }

    static final List<Family> FAMILIES = List.of(
            family("gpt-5.*", true, true, true, 128_000),
            family("gpt-4\\.1.*", true, true, false, 32_768),
            family("gpt-4o.*", true, true, false, 16_384),
            family("gpt-4-turbo.*", true, true, false, 4_096),
            family("gpt-4(-.*)?", false, true, false, 0),
            family("gpt-3\\.?5-turbo.*", false, true, false, 0),
            family("o1-preview.*", false, true, true, 32_768),
            family("o1-mini.*", false, true, true, 65_536),
            family("o3-mini.*", false, true, true, 100_000),
            family("o[134].*", true, true, true, 100_000),
            family("claude-(opus|sonnet)-4.*|claude-haiku-4.*|claude-3-7-sonnet.*", true, true, true, 0),
            family("claude-.*", true, true, false, 0));
    static final Family UNKNOWN = family("", false, false, false, 0);

    static Family family(String model) {
        String m = model.toLowerCase(Locale.ROOT).replaceFirst("^ft:", "");
        return FAMILIES.stream().filter(f -> f.name().matcher(m).matches()).findFirst().orElse(UNKNOWN);
    }

    /** A model of Azure or a direct provider: capabilities from its family; score and prices unknown (0) until borrowed. */
    static Model direct(String provider, String id, String name, Family f, long created) {
        List<String> tags = new ArrayList<>(List.of(provider.equals("azure") ? "openai" : provider));
        if (f.tools()) tags.add("function-calling");
        if (f.vision()) tags.add("vision");
        if (f.reasoning()) tags.add("reasoning");
        return new Model(name(provider, id), id, name, provider, 0, "", List.copyOf(tags), 0, 0, 0, f.maxOutput(),
                f.tools(), f.vision(), f.reasoning(), created);
    }

    /**
     * Azure and direct OpenAI models take the score, cost tier, prices and context of the same model in OpenRouter's
     * catalog (openai/{model}; Azure's gpt-35-turbo is gpt-3.5-turbo there) when this sync fetched it.
     */
    static void borrowFromOpenRouter(Map<String, Offer> offers) {
        Offer or = offers.get("openrouter");
        if (or == null) return;
        Map<String, Model> byId = new HashMap<>();
        or.models().forEach(m -> byId.put(m.id(), m));
        offers.replaceAll((p, o) -> p.equals("openrouter") ? o : new Offer(p, o.source(), o.models().stream().map(m -> {
            Model known = byId.get("openai/" + m.name().replace("gpt-35", "gpt-3.5"));
            return known == null || !p.matches("azure|openai") ? m : m.withMarket(known);
        }).sorted(RANK).toList(), o.limit(), o.entry()));
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
        else throw new Cli.Failure(Cli.FAILED, why + "; use --force to accept it");
    }

    // ---------------------------------------------------------------- naming

    /**
     * model_name for each OpenRouter id: `openrouter/{provider}-{model}`, the variant after ':' joined with '-', any
     * character outside [A-Za-z0-9._-] replaced by '-' (Azure and direct models: `{provider}/{id}` likewise). Ids that map to the same name (rare) are told apart by the
     * lexicographic order of their ids: the first keeps the name, the next get -2, -3, ...
     */
    static Map<String, String> names(List<String> ids) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (String id : ids) byName.computeIfAbsent(name("openrouter", id), k -> new ArrayList<>()).add(id);
        Map<String, String> out = new HashMap<>();
        byName.forEach((name, group) -> {
            group.sort(Comparator.naturalOrder());
            for (int i = 0; i < group.size(); i++) out.put(group.get(i), i == 0 ? name : name + "-" + (i + 1));
        });
        return out;
    }

    static String name(String provider, String id) {
        return provider + "/" + id.replace('/', '-').replace(':', '-').replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("-{2,}", "-");
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
        Map<String, Object> info = info("openrouter", "chat", m);
        info.put("max_tokens", m.maxOutputTokens() > 0 ? m.maxOutputTokens() : m.contextLength());
        info.put("max_input_tokens", m.contextLength());
        if (m.maxOutputTokens() > 0) info.put("max_output_tokens", m.maxOutputTokens());
        info.put("input_cost_per_token", l.prompt());
        info.put("output_cost_per_token", l.completion());
        tiering(info, m);
        return entry(m.modelName(), Map.of("model", "openrouter/" + m.id(), "api_key", "os.environ/OPENROUTER_API_KEY"), info);
    }

    /** An Azure or direct entry: LiteLLM prices these itself (base_model for Azure), so no costs are written. */
    static Map<String, Object> directEntry(Model m, String mode, Map<String, Object> params, String baseModel) {
        Map<String, Object> info = info(m.provider(), mode, m);
        if (baseModel != null) info.put("base_model", baseModel);
        if (mode.equals("chat") && m.maxOutputTokens() > 0) info.put("max_output_tokens", m.maxOutputTokens());
        tiering(info, m);
        return entry(m.modelName(), params, info);
    }

    static Map<String, Object> info(String provider, String mode, Model m) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put(ProxyConfig.MARKER, provider);
        info.put("mode", mode);
        if (mode.equals("chat")) {
            info.put("supports_function_calling", m.functionCalling());
            info.put("supports_vision", m.vision());
            info.put("supports_reasoning", m.reasoning());
        }
        return info;
    }

    static void tiering(Map<String, Object> info, Model m) {
        if (!m.costTier().isEmpty()) info.put("magi_cost_tier", m.costTier());
        info.put("magi_tags", m.tags());
        if (m.popularity() > 0) info.put("magi_popularity", m.popularity());
    }

    static Map<String, Object> entry(String name, Map<String, Object> params, Map<String, Object> info) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model_name", name);
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String k : List.of("model", "api_base", "api_key", "api_version")) if (params.containsKey(k)) ordered.put(k, params.get(k));
        entry.put("litellm_params", ordered);
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
                    List<Pattern> includeIds, List<Pattern> excludeIds, Double maxInputPer1m, Double maxOutputPer1m,
                    List<String> discover, List<String> modes) {
        static final List<String> KEYS = List.of("free_models", "keep_variants", "include_providers", "exclude_providers",
                "include_ids", "exclude_ids", "max_input_cost_per_1m", "max_output_cost_per_1m", "discover", "modes");
        static final List<String> DIRECT = List.of("openai", "anthropic");
        static final List<String> MODES = List.of("chat", "embedding", "audio_transcription", "audio_speech", "image_generation", "moderation");

        static Criteria defaults() {
            return new Criteria(false, List.of("thinking"), List.of(), List.of(), List.of(), List.of(), null, null, List.of(), List.of("chat"));
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
                        number(map.get("max_input_cost_per_1m")), number(map.get("max_output_cost_per_1m")),
                        among(file, "discover", list(map.get("discover")), DIRECT),
                        map.containsKey("modes") ? among(file, "modes", list(map.get("modes")), MODES) : d.modes);
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

        static List<String> among(Path file, String key, List<String> values, List<String> allowed) {
            for (String v : values)
                if (!allowed.contains(v)) throw new Cli.Failure(Cli.USAGE, file + ": " + key + ": " + Cli.unknown("value", v, allowed));
            return values;
        }

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

        /** The model_names and the upstream models (litellm_params.model) of the entries the operator wrote. */
        Set<String> operatorTaken() {
            Set<String> out = new HashSet<>();
            for (Node n : list.getValue()) {
                if (managedBy(n) != null) continue;
                MappingNode e = (MappingNode) n;
                if (text(get(e, "model_name")) != null) out.add(text(get(e, "model_name")));
                if (get(e, "litellm_params") instanceof MappingNode p && text(get(p, "model")) != null) out.add(text(get(p, "model")));
            }
            return out;
        }

        /**
         * Replaces the entries `provider` manages with `entries`, best first, where that provider's entries stood
         * (at the end the first time): operator entries and other providers' entries are not touched. An entry
         * that existed keeps every key the operator added to it; the keys the sync owns are rewritten.
         */
        Merge merge(String provider, List<Map<String, Object>> entries) {
            EntryRepresenter rep = new EntryRepresenter(dumper());
            Map<String, MappingNode> old = new LinkedHashMap<>();
            List<Node> kept = new ArrayList<>();
            int at = -1;
            for (Node n : list.getValue()) {
                if (!provider.equals(managedBy(n))) kept.add(n);
                else {
                    if (at < 0) at = kept.size();
                    old.put(text(get((MappingNode) n, "model_name")), (MappingNode) n);
                }
            }
            List<Node> fresh = new ArrayList<>();
            List<String> added = new ArrayList<>(), updated = new ArrayList<>();
            int unchanged = 0;
            for (Map<String, Object> e : entries) {
                String name = (String) e.get("model_name");
                MappingNode node = (MappingNode) rep.node(e);
                MappingNode prev = old.remove(name);
                if (prev == null) {
                    fresh.add(node);
                    added.add(name);
                    continue;
                }
                if (overlay(prev, node)) updated.add(name); else unchanged++;
                fresh.add(prev);
            }
            kept.addAll(at < 0 ? kept.size() : at, fresh);
            list.getValue().clear();
            list.getValue().addAll(kept);
            return new Merge(provider, added, updated, new ArrayList<>(old.keySet()), unchanged);
        }

        /** The file as it stands after the merges. */
        String render() {
            StringWriter w = new StringWriter();
            yaml().serialize(root, w);
            return w.toString();
        }

        List<String> names() {
            return list.getValue().stream().map(n -> text(get((MappingNode) n, "model_name"))).filter(java.util.Objects::nonNull).toList();
        }

        /** Writes the sync's keys of `fresh` into `prev`, removing owned keys `fresh` no longer has; true when that changed anything. */
        static boolean overlay(MappingNode prev, MappingNode fresh) {
            boolean changed = false;
            for (String section : List.of("litellm_params", "model_info")) {
                Set<String> owned = section.equals("model_info") ? OWNED_INFO : OWNED_PARAMS;
                MappingNode target = get(prev, section) instanceof MappingNode m ? m : null;
                MappingNode source = (MappingNode) get(fresh, section);
                if (target == null) {
                    put(prev, section, source);
                    changed = true;
                    continue;
                }
                changed |= target.getValue().removeIf(t -> owned.contains(text(t.getKeyNode())) && get(source, text(t.getKeyNode())) == null);
                for (NodeTuple t : source.getValue()) {
                    Node old = get(target, text(t.getKeyNode()));
                    if (old != null && same(old, t.getValueNode())) continue;
                    put(target, text(t.getKeyNode()), t.getValueNode());
                    changed = true;
                }
            }
            return changed;
        }

        /** The same YAML value: equal scalars (text and tag), or sequences and mappings of the same values. */
        static boolean same(Node a, Node b) {
            if (a instanceof ScalarNode x && b instanceof ScalarNode y) return x.getValue().equals(y.getValue()) && x.getTag().equals(y.getTag());
            if (a instanceof SequenceNode x && b instanceof SequenceNode y) {
                if (x.getValue().size() != y.getValue().size()) return false;
                for (int i = 0; i < x.getValue().size(); i++) if (!same(x.getValue().get(i), y.getValue().get(i))) return false;
                return true;
            }
            if (a instanceof MappingNode x && b instanceof MappingNode y) {
                if (x.getValue().size() != y.getValue().size()) return false;
                for (int i = 0; i < x.getValue().size(); i++) {
                    NodeTuple p = x.getValue().get(i), q = y.getValue().get(i);
                    if (!same(p.getKeyNode(), q.getKeyNode()) || !same(p.getValueNode(), q.getValueNode())) return false;
                }
                return true;
            }
            return false;
        }
    }

    record Merge(String provider, List<String> added, List<String> updated, List<String> removed, int unchanged) {
        @Override
        public String toString() {
            return provider + ": added " + added.size() + ", updated " + updated.size() + ", removed " + removed.size() + ", unchanged " + unchanged;
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

    /** Puts config.yaml.backup back; the config it replaces becomes the backup, so a second restore undoes the first. */
    static int restore(Path config) {
        Path backup = config.resolveSibling(config.getFileName() + ".backup");
        if (!Files.exists(backup)) throw new Cli.Failure(Cli.BAD_FILE, "no backup to restore (" + backup + ")");
        writable(config);
        try (ConfigLock lock = ConfigLock.take(config)) {
            ConfigFile saved = ConfigFile.read(backup); // a backup that is not a valid config is not put back
            byte[] current = Files.exists(config) ? ConfigFile.read(config).bytes() : new byte[0];
            Writer w = new Writer();
            w.replaceConfig(config, current, saved.bytes());
            w.commit();
        }
        ProxyConfig.cached(config, Env.load().home.resolve(ProxyConfig.CACHE));
        Cli.info("restored " + config + " from " + backup.getFileName() + "; the config it replaced is now " + backup.getFileName());
        return Cli.OK;
    }

    /**
     * A config (or its folder) without its owner's write bit is refused even for root, who could write it anyway:
     * the bit is the operator saying "do not change this".
     */
    static void writable(Path config) {
        for (Path p : List.of(config, config.toAbsolutePath().getParent())) {
            try {
                if (!Files.exists(p)) continue;
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (!perms.contains(PosixFilePermission.OWNER_WRITE) || !Files.isWritable(p))
                    throw new Cli.Failure(Cli.BAD_FILE, p + " is read-only (" + PosixFilePermissions.toString(perms) + "); nothing written");
            } catch (IOException e) {
                throw new Cli.Failure(Cli.BAD_FILE, "cannot check " + p + ": " + e.getMessage());
            }
        }
    }

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
            Path dir = target.toAbsolutePath().getParent();
            Path tmp = dir.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            try {
                Files.createDirectories(dir);
                removeLeftovers(dir, target.getFileName().toString());
                try (FileChannel c = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                    java.io.OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(c), 1 << 16);
                    content.write(out);
                    out.flush();
                    c.force(true);
                }
                if (perms != null) Files.setPosixFilePermissions(tmp, perms);
                staged.add(new Staged(tmp, target));
            } catch (IOException e) {
                try { Files.deleteIfExists(tmp); } catch (IOException ignored) { /* best effort */ }
                abort();
                throw new Cli.Failure(Cli.BAD_FILE, "cannot write " + target + ": " + reason(e) + "; nothing changed");
            }
        }

        /** Temporary files that a killed sync left behind: their process is gone. */
        static void removeLeftovers(Path dir, String name) throws IOException {
            Pattern leftover = Pattern.compile("\\." + Pattern.quote(name) + "\\.(\\d+)\\.tmp");
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Matcher m = leftover.matcher(f.getFileName().toString());
                    if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) Files.deleteIfExists(f);
                }
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
