///usr/bin/env "${0%/*}/magi" jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.eclipsesource.minimal-json:minimal-json:0.9.5
//DEPS org.yaml:snakeyaml:2.5
//SOURCES domain/*.java
//COMPILE_OPTIONS -encoding UTF-8 -XDstringConcat=inline -J-XX:TieredStopAtLevel=1
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:+UseSerialGC -XX:MaxNewSize=48m -XX:-UsePerfData -Xshare:auto -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8

import com.eclipsesource.json.Json;
import com.eclipsesource.json.WriterConfig;
import domain.Catalog;
import domain.Cli;
import domain.ConfigFile;
import domain.ConfigLock;
import domain.Criteria;
import domain.Entries;
import domain.EgressProxy;
import domain.Env;
import domain.Fetcher;
import domain.Model;
import domain.Offer;
import domain.OpenRouter;
import domain.Providers;
import domain.ProxyConfig;
import domain.Recommendations;
import domain.SafeWrite;
import domain.Universe;
import domain.YamlLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Fetches the providers' catalogs and rewrites LiteLLM's model_list, keeping everything the operator wrote. */
class sync_models {
    static final String USAGE = """
            usage: sync_models [N] [--limit N] [--providers LIST] [--config PATH] [--dry-run] [--force] [--quiet]
                   sync_models [N] ... --config PATH|- --output -
                   sync_models --restore [--config PATH] [--quiet]

            Fetch the providers' catalogs (OpenRouter; Azure OpenAI when configured; OpenAI and Anthropic on
            request), keep the models that pass the filter (config/sync.yaml), score and tag them, and write
            them into LiteLLM's config (the best N of OpenRouter), data/models.json and
            data/model_recommendations.json. Entries you wrote are never touched.

              N, --limit N       OpenRouter entries to write (default: OPENROUTER_MODEL_LIMIT, else 50; 0 = all)
              --providers LIST   comma-separated: openrouter, azure, openai, anthropic (default: those configured)
              --config PATH      LiteLLM config to update (default: LITELLM_CONFIG, else config/litellm/config.yaml);
                                 '-' reads it from stdin (with --output -)
              --output -         write the merged config to stdout and no file at all (no backup, data/, cache
                                 or lock): for configs kept elsewhere (a Kubernetes ConfigMap, a bucket)
              --dry-run          print what would change; write nothing
              --force            accept what the safety checks refuse (a catalog mostly malformed or shrunk by
                                 half; a provider listing no model, whose entries it then removes)
              --quiet            only warnings and errors (for cron)
              --restart          (./magi models sync only) then restart LiteLLM, only if the config changed
              --restore          put config.yaml.backup back; the replaced config becomes the backup
              -h, --help         this help

            Settings come from the environment, then from .env in the project folder:
              OPENROUTER_API_KEY       sent as a Bearer token when set; the config refers to it as os.environ/OPENROUTER_API_KEY
              OPENROUTER_API_BASE      default https://openrouter.ai/api/v1; the catalog is $OPENROUTER_API_BASE/models
              OPENROUTER_MODEL_LIMIT   default 50; 0 = all
              AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_API_VERSION, AZURE_OPENAI_MODELS
              OPENAI_API_KEY, OPENAI_API_BASE, ANTHROPIC_API_KEY, ANTHROPIC_API_BASE
              LITELLM_CONFIG           default config/litellm/config.yaml
              LITELLM_MODEL_MAP        LiteLLM's model map (model_prices_and_context_window_backup.json of the
                                       LiteLLM your proxies run); default: the one in .magi/litellm-venv
              MAGI_HTTP_TIMEOUT        seconds per request, default 30

            Exit status: 0 synced (or nothing to change); 1 no provider could be synced (config unchanged);
            2 bad usage or setting; 3 some providers failed (their entries kept); 4 the config cannot be read,
            is invalid or cannot be written (with --output -: not all of it reached stdout); 5 another sync is running.
            """;

    static final String PROG = "sync_models";

    /** config null: `--config -`, the config comes from stdin. stdout: `--output -`. */
    record Options(Integer limit, Path config, List<String> providers, boolean dryRun, boolean force, boolean quiet, boolean restore,
                   boolean stdout) {}

    static final Path STDIN = Path.of("<stdin>");

    /*
     * minimal-json's JsonValue and WriterConfig make instances of their own subclasses (JsonLiteral, PrettyPrint) while
     * they are initialised: two threads that first touch a class and its subclass in opposite orders wait for each other
     * for ever, as the catalog's parser and an evidence fetch once did. So both are initialised with this class, before
     * the sync starts a thread.
     */
    static final List<Object> FIRST = List.of(Json.NULL, WriterConfig.MINIMAL);

    public static void main(String[] args) {
        Cli.main(PROG, () -> run(args, Env.load()));
    }

    /** gather (fetch, filter, score and rank each provider's models), then merge them into the config and write. */
    static int run(String[] args, Env env) {
        Cli.hide(env::secrets);
        Options opt = parseArgs(args, env);
        if (opt == null) {
            System.out.print(USAGE);
            return Cli.OK;
        }
        Cli.quiet(opt.quiet);
        if (opt.restore) {
            SafeWrite.restore(opt.config);
            refreshIndex(opt.config, env.home);
            return Cli.OK;
        }
        int limit = opt.limit != null ? opt.limit : env.modelLimit();
        int timeout = env.get("MAGI_HTTP_TIMEOUT") == null ? 30
                : Cli.number("MAGI_HTTP_TIMEOUT", env.get("MAGI_HTTP_TIMEOUT"), 1, Integer.MAX_VALUE, "a whole number of seconds, at least 1");
        EgressProxy.use(env, true);
        Fetcher fetcher = new Fetcher(Duration.ofSeconds(timeout));
        // Before anything can fail: a fresh clone serves the shipped default even when no provider answers.
        Path shipped = env.home.resolve("config/litellm/config.default.yaml");
        if (opt.dryRun) SafeWrite.startable(opt.config); // as the sync would find it
        else if (!opt.stdout) SafeWrite.seedDefault(opt.config, shipped);
        Path data = env.home.resolve("data");
        // read (and refuse) the input before asking any provider
        ConfigFile input = !opt.stdout ? null : opt.config == null ? ConfigFile.parse(STDIN, stdin())
                : ConfigFile.read(Files.exists(opt.config) ? opt.config : shipped);

        // OpenRouter is always among the configured providers: its catalog is on its way while the rest is read
        if (opt.providers == null || opt.providers.contains("openrouter")) OpenRouter.prefetch(fetcher, env);
        // a dry run reads what the sync would: a link, even a dangling one, is the config (and refused), not a missing one
        Path source = opt.dryRun && !Files.exists(opt.config, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? shipped : opt.config;
        Criteria criteria = Criteria.load(env.home.resolve("config/sync.yaml"));
        // on another core while the catalog is parsed; only now, when this thread has set up SnakeYAML's classes
        CompletableFuture<ConfigFile> early = opt.stdout ? null : CompletableFuture.supplyAsync(() -> early(source));
        List<String> providers = opt.providers != null ? opt.providers : Providers.configured(env, criteria);

        Providers.Gathered got = Providers.gather(fetcher, providers, env, criteria, limit, data.resolve("models.json"), opt.force);
        Map<String, String> failed = got.failed();
        if (got.offers().isEmpty()) {
            if (failed.size() == 1) throw new Cli.Failure(Cli.FAILED, failed.values().iterator().next() + "; config unchanged");
            failed.forEach((p, why) -> Cli.error(PROG, p + ": " + why));
            throw new Cli.Failure(Cli.FAILED, "no provider could be synced; config unchanged");
        }
        failed.forEach((p, why) -> Cli.error(PROG, p + ": " + why + "; its entries are kept as they were"));
        if (opt.stdout) {
            String summary = summary(merge(input, got.offers()), failed.keySet());
            System.out.print(input.render());
            System.out.flush();
            if (System.out.checkError()) throw new Cli.Failure(Cli.BAD_FILE, "could not write the whole config to stdout; do not use what it got");
            Cli.info(summary + "; wrote the config to stdout");
        } else apply(got.offers(), failed.keySet(), opt, source, Cli.joined(early), criteria, env.home);
        return failed.isEmpty() ? Cli.OK : Cli.PARTIAL;
    }

    /** The config on stdin: all of it, within what the YAML loader reads; never empty (that is a failed read upstream). */
    static byte[] stdin() {
        byte[] bytes;
        try {
            bytes = System.in.readNBytes(YamlLoader.MAX_CODE_POINTS + 1);
        } catch (java.io.IOException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "cannot read the config from stdin: " + e.getMessage());
        }
        if (bytes.length > YamlLoader.MAX_CODE_POINTS) throw new Cli.Failure(Cli.BAD_FILE, "the config on stdin is over " + (YamlLoader.MAX_CODE_POINTS >> 20) + " MiB; nothing written");
        if (new String(bytes, StandardCharsets.UTF_8).isBlank())
            throw new Cli.Failure(Cli.BAD_FILE, "the config on stdin is empty (did reading it fail?); nothing written");
        return bytes;
    }

    /** Each provider's chosen models merged into `file` as entries; warns about entries LiteLLM will price at $0. */
    static List<ConfigFile.Merge> merge(ConfigFile file, Map<String, Offer> offers) {
        Set<String> taken = file.operatorTaken();
        List<ConfigFile.Merge> merges = new ArrayList<>();
        for (Offer o : offers.values()) {
            List<Model> chosen = Entries.choose(o.models(), taken, o.limit());
            Providers.warnUnpriced(o, chosen);
            merges.add(file.merge(o.provider(), chosen.stream().map(o.entry()).toList()));
        }
        return merges;
    }

    static String summary(List<ConfigFile.Merge> merges, Set<String> failed) {
        List<String> parts = new ArrayList<>(merges.stream().map(ConfigFile.Merge::toString).toList());
        failed.forEach(p -> parts.add(p + ": failed, entries kept"));
        return String.join("; ", parts);
    }

    /**
     * The config as it is now, parsed while the providers are asked; apply() reads it again under the lock, and uses
     * this one if nothing changed it. A config that cannot be read is reported there, in its turn (null here).
     */
    static ConfigFile early(Path source) {
        try {
            return ConfigFile.read(source);
        } catch (Cli.Failure e) {
            return null;
        }
    }

    /**
     * Merges the offers into the config read from `source` (`early`, if it still holds) and writes it with the
     * catalog and recommendations (or, in a dry run, says what would change).
     */
    static void apply(Map<String, Offer> offers, Set<String> failed, Options opt, Path source, ConfigFile early, Criteria criteria, Path home) {
        Path config = opt.config, data = home.resolve("data");
        if (!opt.dryRun) SafeWrite.writable(config);
        String unreadable = null;
        try (ConfigLock lock = opt.dryRun ? null : ConfigLock.take(config)) {
            if (lock != null) SafeWrite.sweep(config);
            ConfigFile file = ConfigFile.read(source, early);
            List<ConfigFile.Merge> merges = merge(file, offers);
            boolean changed = merges.stream().anyMatch(ConfigFile.Merge::changed);
            String summary = summary(merges, failed);
            if (opt.dryRun) {
                System.out.println("dry run: " + summary + (changed ? "" : " (config unchanged)"));
                for (ConfigFile.Merge m : merges) {
                    m.added().forEach(n -> System.out.println("  + " + Cli.clean(Cli.redact(n))));
                    m.updated().forEach(n -> System.out.println("  ~ " + Cli.clean(Cli.redact(n))));
                    m.removed().forEach(n -> System.out.println("  - " + Cli.clean(Cli.redact(n))));
                }
                return;
            }
            Catalog catalog = Catalog.of(offers, data.resolve("models.json"), criteria.fingerprint());
            String text = changed ? file.render() : new String(file.bytes(), StandardCharsets.UTF_8);
            // on other cores while models.json is written: each takes a 100,000-model catalog a few 100 ms
            Set<String> served = new HashSet<>(file.names()); // read here: the index's thread changes the tree (YamlLoader.construct)
            CompletableFuture<String> recommendations = CompletableFuture.supplyAsync(() -> Recommendations.render(catalog, served));
            Universe.Indexing index = Universe.index(catalog, Offer.field(offers), recommendations::join, file, home);
            SafeWrite w = new SafeWrite();
            w.stage(data.resolve("models.json"), catalog::write, null);
            w.stage(Recommendations.beside(data.resolve("models.json")), Cli.joined(recommendations).getBytes(StandardCharsets.UTF_8));
            if (changed) w.replaceConfig(config, file.bytes(), text.getBytes(StandardCharsets.UTF_8));
            w.commit();
            unreadable = index.done(data.resolve("models.json"), config); // so the next read command need not parse YAML or JSON
            Cli.info(summary + (changed ? "; wrote " + config + " (previous in " + config.getFileName() + ".backup)" : "; config unchanged"));
        }
        if (unreadable != null) warnUnreadable(unreadable);
    }

    /** The config is written by then: that the read commands cannot read it is a warning, never the sync's exit status. */
    static void warnUnreadable(String why) {
        Cli.warn("the config was written, but the read commands cannot read it: " + why);
    }

    /** After a restore: the read commands' index for the config put back (or a warning that they cannot read it). */
    static void refreshIndex(Path config, Path home) {
        try {
            ProxyConfig.read(config);
        } catch (Cli.Failure e) {
            warnUnreadable(e.getMessage());
            return;
        }
        try {
            Universe.load(home.resolve("data/models.json"), config, home);
        } catch (Cli.Failure e) {
            // no synced catalog yet: the next read command says so
        }
    }

    static Options parseArgs(String[] args, Env env) {
        Integer limit = null;
        Path config = env.path("LITELLM_CONFIG", "config/litellm/config.yaml");
        List<String> providers = null;
        boolean dry = false, force = false, quiet = false, restore = List.of(args).contains("--restore"), stdout = false;
        List<String> flags = List.of("--limit", "--config", "--output", "--providers", "--dry-run", "--force", "--quiet", "--restore", "--help");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-h", "--help", "help" -> { return null; }
                case "--dry-run", "-n" -> dry = true;
                case "--force" -> force = true;
                case "--quiet", "-q" -> quiet = true;
                case "--restore" -> restore = true;
                case "--limit", "--config", "--providers", "--output" -> {
                    String v = Cli.value(List.of(args), i++);
                    if (a.equals("--limit")) limit = Cli.count("--limit", v);
                    else if (a.equals("--config")) config = configPath(v);
                    else if (a.equals("--output")) stdout = output(v);
                    else providers = Providers.parse(v);
                }
                default -> {
                    if (a.startsWith("--limit=")) limit = Cli.count("--limit", a.substring(8));
                    else if (a.startsWith("--config=")) config = configPath(a.substring(9));
                    else if (a.startsWith("--output=")) stdout = output(a.substring(9));
                    else if (a.startsWith("--providers=")) providers = Providers.parse(a.substring(12));
                    else if (!a.startsWith("-") && restore) throw restoreTakes("'" + Cli.clean(a) + "'");
                    else if (!a.startsWith("-") && limit == null) limit = Cli.count("N", a);
                    else throw new Cli.Failure(Cli.USAGE, Cli.unknown("argument", a, flags) + " (see --help)");
                }
            }
        }
        if (config == null && !stdout) throw new Cli.Failure(Cli.USAGE, "--config - reads the config from stdin; add --output - to write the merged config to stdout");
        if (restore && (limit != null || providers != null || dry || force || stdout))
            throw restoreTakes(limit != null ? "N" : providers != null ? "--providers" : dry ? "--dry-run" : force ? "--force" : "--output -");
        if (stdout && dry) throw new Cli.Failure(Cli.USAGE, "--output - cannot be combined with --dry-run");
        return new Options(limit, config, providers, dry, force, quiet, restore, stdout);
    }

    /** A restore puts a file back and nothing else: a sync's argument with it is a mistake (--dry-run would not stop it). */
    static Cli.Failure restoreTakes(String other) {
        return new Cli.Failure(Cli.USAGE, "restore takes only --config and --quiet, not " + other + " (see --help)");
    }

    static Path configPath(String v) { return v.equals("-") ? null : Cli.path(v, Cli.BAD_FILE).toAbsolutePath(); }

    static boolean output(String v) {
        if (!v.equals("-")) throw new Cli.Failure(Cli.USAGE, "--output takes '-' (stdout) only; to write a file, use --config PATH");
        return true;
    }

}
