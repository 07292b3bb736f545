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
import com.eclipsesource.json.WriterConfig;
import domain.Catalog;
import domain.Cli;
import domain.Env;
import domain.Model;
import domain.ProxyConfig;
import domain.Recommend;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Answers "which model should I use?" from the synced catalog and the live config; never touches the network. */
class search_models {
    static final String PROG = "search_models";
    static final String USAGE = """
            usage: search_models [--tag T] [--cost TIER] [--popular MIN] [--provider P]
                                 [--best-value] [--coding] [--vision] [--limit N] [--json]
                   search_models list [N] [--json]
                   search_models top [N] [--json]
                   search_models filter TYPE [N] [--json]
                   search_models recommend [--json]
                   search_models verify [--json]
                   search_models status [--wait SECONDS]
                   search_models address

            Reads data/models.json and model_recommendations.json (written by `./magi models sync`) and the
            LiteLLM config; works offline.

              list [N]          the models in the config, i.e. what the proxy serves, best first
                                (default N: OPENROUTER_MODEL_LIMIT, else 50)
              top [N]           the N best of the whole synced catalog, in the config or not (default 10)
              filter TYPE [N]   the N best of the catalog with a tag, cost tier or provider (default 20):
                                filter vision 20, filter budget 30, filter openai 15
              recommend         best value, most capable, fastest, budget friendly, vision, coding
              verify            compare the running proxy's /v1/models with the config; also report fallbacks
                                naming models the config lacks, and key variables that are not set
              status            whether the proxy answers, and how many models it serves;
                                --wait: keep asking up to SECONDS for it to come up
              address           the proxy's host, port and config path (for scripts; LITELLM_HOST,
                                LITELLM_PORT, LITELLM_CONFIG)

            Search flags (filters AND together; results best first):
              --tag T           has tag T (repeat for several): openai, vision, function-calling, reasoning, ...
              --cost TIER       budget, standard or premium
              --popular MIN     popularity score at least MIN (0-100)
              --provider P      served through P: openrouter, azure, openai, anthropic
              --best-value      fits "best value" and is ranked by it (likewise --coding)
              --coding          fits "coding"
              --vision          accepts image input
              --limit N         at most N results (default 20)
              --json            a JSON array of objects instead of a table

            N = 0 means all, everywhere. Exit status: 0 with results or with none (an empty table or []),
            1 verify found differences, or status found no proxy; 2 bad usage; 4 no synced catalog yet,
            or a corrupt one (run ./magi models sync).
            """;

    public static void main(String[] args) {
        Cli.main(PROG, () -> run(args));
    }

    /** What a read command asks of the catalog: filters that all must hold, an order, a limit (0: all). */
    record Query(List<Predicate<Model>> filters, Comparator<Model> order, int limit) {}

    static int run(String[] args) {
        Env env = Env.load();
        Cli.hide(env::secrets);
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--help") || rest.contains("-h") || rest.contains("help")) {
            System.out.print(USAGE);
            return Cli.OK;
        }
        boolean json = rest.remove("--json");
        String command = rest.isEmpty() || rest.get(0).startsWith("-") ? "search" : rest.remove(0);
        Path data = env.home.resolve("data");
        Path config = env.path("LITELLM_CONFIG", "config/litellm/config.yaml");
        switch (command) {
            case "recommend" -> {
                noMore(rest);
                return recommend(data.resolve("model_recommendations.json"), ProxyConfig.cached(config, env.home.resolve(ProxyConfig.CACHE)), json);
            }
            case "address" -> {
                noMore(rest);
                Proxy p = Proxy.of(env);
                System.out.println(p.host + " " + p.port + " " + config);
                return Cli.OK;
            }
            case "status" -> {
                int wait = 0;
                if (!rest.isEmpty() && rest.get(0).equals("--wait")) {
                    if (rest.size() < 2) throw new Cli.Failure(Cli.USAGE, "--wait needs a number of seconds");
                    wait = Cli.count("--wait", rest.get(1));
                    rest.subList(0, 2).clear();
                }
                noMore(rest);
                return Proxy.of(env).status(wait, json);
            }
            case "verify" -> {
                noMore(rest);
                return Proxy.of(env).verify(config, env, json);
            }
            default -> { }
        }
        Universe u = Universe.load(data.resolve("models.json"), ProxyConfig.cached(config, env.home.resolve(ProxyConfig.CACHE)));
        Query q = switch (command) {
            case "list" -> new Query(List.of(u::inConfig), Universe.BEST,
                    count(rest, env.modelLimit()));
            case "top" -> new Query(List.of(), Universe.BEST, count(rest, 10));
            case "filter" -> {
                if (rest.isEmpty()) throw new Cli.Failure(Cli.USAGE, "filter needs a TYPE: a tag, cost tier or provider (e.g. filter vision 20)");
                String type = rest.remove(0);
                yield new Query(List.of(u.kind(type)), Universe.BEST, count(rest, 20));
            }
            case "search" -> search(rest, u);
            default -> throw new Cli.Failure(Cli.USAGE, Cli.unknown("command", command, List.of("sync", "list", "top", "filter", "search", "recommend", "verify", "restore", "help")));
        };
        List<Model> hits = u.models.stream().filter(m -> q.filters.stream().allMatch(f -> f.test(m))).sorted(q.order)
                .limit(q.limit == 0 ? Long.MAX_VALUE : q.limit).toList();
        if (json) System.out.println(toJson(hits, u).toString(WriterConfig.PRETTY_PRINT));
        else print(hits, u, System.out);
        return Cli.OK;
    }

    static int count(List<String> rest, int fallback) {
        int n = rest.isEmpty() ? fallback : Cli.count("N", rest.remove(0));
        noMore(rest);
        return n;
    }

    static void noMore(List<String> rest) {
        if (!rest.isEmpty()) throw new Cli.Failure(Cli.USAGE, "unexpected argument '" + rest.get(0) + "' (see --help)");
    }

    static Query search(List<String> args, Universe u) {
        List<Predicate<Model>> filters = new ArrayList<>();
        Comparator<Model> order = Universe.BEST;
        int limit = 20;
        List<String> flags = List.of("--tag", "--cost", "--popular", "--provider", "--best-value", "--coding", "--vision", "--limit", "--json");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--best-value" -> { filters.add(Recommend.BEST_VALUE.fits); order = Recommend.BEST_VALUE.order(); }
                case "--coding" -> { filters.add(Recommend.CODING.fits); order = Recommend.CODING.order(); }
                case "--vision" -> filters.add(Model::vision);
                case "--tag", "--cost", "--popular", "--provider", "--limit" -> {
                    if (i + 1 >= args.size()) throw new Cli.Failure(Cli.USAGE, a + " needs a value");
                    String v = args.get(++i);
                    switch (a) {
                        case "--tag" -> filters.add(u.tag(v));
                        case "--cost" -> filters.add(tier(v));
                        case "--provider" -> filters.add(u.provider(v));
                        case "--limit" -> limit = Cli.count("--limit", v);
                        default -> {
                            int min = Cli.count("--popular", v);
                            if (min > 100) throw new Cli.Failure(Cli.USAGE, "--popular takes a score from 0 to 100, got " + v);
                            filters.add(m -> m.popularity() >= min);
                        }
                    }
                }
                default -> throw new Cli.Failure(Cli.USAGE, Cli.unknown(a.startsWith("-") ? "flag" : "argument", a, flags));
            }
        }
        return new Query(filters, order, limit);
    }

    static Predicate<Model> tier(String t) {
        if (!Model.TIERS.contains(t)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("cost tier", t, Model.TIERS) + " (budget, standard or premium)");
        return m -> m.costTier().equals(t);
    }

    /**
     * Everything the read commands can show: the synced catalog, plus the config's entries the catalog does not
     * describe (direct OpenAI / Anthropic, Azure, hand-written ones), so a search covers every provider.
     */
    static final class Universe {
        /** Best first: score, then name. */
        static final Comparator<Model> BEST = Comparator.comparingInt(Model::popularity).reversed().thenComparing(Model::modelName);

        final List<Model> models = new ArrayList<>();
        final Set<String> served = new LinkedHashSet<>();

        static Universe load(Path modelsJson, List<ProxyConfig.Entry> config) {
            Catalog catalog = Catalog.read(modelsJson);
            Universe u = new Universe();
            Map<String, Model> byRoute = new HashMap<>(), byId = new HashMap<>();
            for (Model m : catalog.models()) {
                u.models.add(m);
                byRoute.put(m.route(), m);
                byId.put(m.id(), m);
            }
            for (ProxyConfig.Entry e : config) {
                u.served.add(e.modelName());
                Model routed = byRoute.get(e.model());
                if (routed != null) u.served.add(routed.modelName());
                else if (e.managedBy() == null) u.models.add(fromEntry(e, byId.get(e.model())));
            }
            return u;
        }

        boolean inConfig(Model m) { return served.contains(m.modelName()); }

        /**
         * A config entry the sync does not manage. A direct entry for a model the catalog lists under the same id
         * (openai/gpt-4o) takes its score, costs and tags; any other shows what its model_info says, score 0 (unknown).
         */
        static Model fromEntry(ProxyConfig.Entry e, Model same) {
            int slash = e.model().indexOf('/');
            String provider = slash > 0 ? e.model().substring(0, slash) : "openai";
            if (same != null) return same.as(e.modelName(), e.model(), provider);
            Map<String, Object> info = e.info();
            List<String> tags = new ArrayList<>();
            boolean tools = Boolean.TRUE.equals(info.get("supports_function_calling")), vision = Boolean.TRUE.equals(info.get("supports_vision"));
            boolean reasoning = Boolean.TRUE.equals(info.get("supports_reasoning"));
            tags.add(provider);
            if (tools) tags.add("function-calling");
            if (vision) tags.add("vision");
            if (reasoning) tags.add("reasoning");
            double in = number(info.get("input_cost_per_token")) * 1e6, out = number(info.get("output_cost_per_token")) * 1e6;
            String tier = info.get("magi_cost_tier") instanceof String t ? t : "";
            return new Model(e.modelName(), e.model(), e.modelName(), provider, 0, tier, List.copyOf(tags), in, out,
                    (long) number(info.get("max_input_tokens")), (long) number(info.get("max_output_tokens")), tools, vision, reasoning, 0);
        }

        static double number(Object o) { return o instanceof Number n ? n.doubleValue() : 0; }

        Set<String> tags() {
            Set<String> all = new TreeSet<>(Model.CAPABILITIES);
            all.addAll(Model.SIZES);
            models.forEach(m -> all.addAll(m.tags()));
            return all;
        }

        Set<String> providers() {
            Set<String> all = new TreeSet<>();
            models.forEach(m -> all.add(m.provider()));
            return all;
        }

        Predicate<Model> tag(String t) {
            if (!tags().contains(t)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("tag", t, List.copyOf(tags())));
            return m -> m.hasTag(t);
        }

        Predicate<Model> provider(String p) {
            if (!providers().contains(p)) throw new Cli.Failure(Cli.USAGE, Cli.unknown("provider", p, List.copyOf(providers())));
            return m -> m.provider().equals(p);
        }

        /** filter TYPE: a cost tier, a tag (which includes the model makers: openai, anthropic, meta, ...) or a provider. */
        Predicate<Model> kind(String type) {
            if (Model.TIERS.contains(type)) return tier(type);
            boolean isTag = tags().contains(type), isProvider = providers().contains(type);
            if (!isTag && !isProvider) {
                List<String> all = new ArrayList<>(Model.TIERS);
                all.addAll(tags());
                all.addAll(providers());
                throw new Cli.Failure(Cli.USAGE, Cli.unknown("filter type", type, all) + " (a tag, cost tier or provider)");
            }
            return m -> (isTag && m.hasTag(type)) || (isProvider && m.provider().equals(type));
        }
    }

    static JsonArray toJson(List<Model> models, Universe u) {
        JsonArray out = new JsonArray();
        for (Model m : models) out.add(m.toJson().add("in_config", u.inConfig(m)));
        return out;
    }

    /** An aligned table; cut to the terminal's width when there is one. */
    static void print(List<Model> models, Universe u, PrintStream out) {
        if (models.isEmpty()) {
            System.err.println("no models match");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "PROVIDER", "SCORE", "TIER", "IN $/1M", "OUT $/1M", "CONTEXT", "SERVED", "CAPABILITIES"});
        for (Model m : models) {
            List<String> caps = m.tags().stream().filter(Model.CAPABILITIES::contains).toList();
            rows.add(new String[] {m.modelName(), m.provider(), m.popularity() == 0 ? "-" : String.valueOf(m.popularity()),
                    m.costTier().isEmpty() ? "-" : m.costTier(), money(m.inputCostPer1m()), money(m.outputCostPer1m()),
                    context(m.contextLength()), u.inConfig(m) ? "yes" : "no", String.join(",", caps)});
        }
        table(rows, Set.of(2, 4, 5, 6), true, out);
    }

    static void table(List<String[]> rows, Set<Integer> rightAligned, boolean header, PrintStream out) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) for (int i = 0; i < cols; i++) w[i] = Math.max(w[i], r[i].length());
        int width = terminalWidth();
        boolean colour = Cli.colour();
        for (int n = 0; n < rows.size(); n++) {
            StringBuilder sb = new StringBuilder();
            String[] r = rows.get(n);
            for (int i = 0; i < cols; i++) {
                String cell = i == cols - 1 ? r[i] : rightAligned.contains(i) ? " ".repeat(w[i] - r[i].length()) + r[i] : r[i] + " ".repeat(w[i] - r[i].length());
                sb.append(cell).append(i == cols - 1 ? "" : "  ");
            }
            String line = sb.toString().stripTrailing();
            if (width > 0 && line.length() > width) line = line.substring(0, Math.max(0, width - 1)) + "\u2026";
            out.println(header && n == 0 && colour ? "\033[1m" + line + "\033[0m" : line);
        }
    }

    /** The width of the terminal stdout is on (COLUMNS, which magi exports), or 0 for no cutting. */
    static int terminalWidth() {
        if (System.console() == null) return 0;
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String money(double perMillion) {
        return perMillion == 0 ? "0" : perMillion < 0.1 ? String.format("%.3f", perMillion) : String.format("%.2f", perMillion);
    }

    static String context(long tokens) {
        if (tokens <= 0) return "-";
        if (tokens < 1000) return String.valueOf(tokens);
        return tokens < 1_000_000 ? Math.round(tokens / 1000.0) + "k" : String.format("%.1f", tokens / 1e6).replace(".0", "") + "M";
    }

    // ---------------------------------------------------------------- the running proxy

    /** The LiteLLM proxy on LITELLM_HOST:LITELLM_PORT, asked with LITELLM_MASTER_KEY when it is set. */
    static final class Proxy {
        final String host, port, key;
        final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
                .connectTimeout(java.time.Duration.ofSeconds(2)).build();

        Proxy(String host, String port, String key) {
            this.host = host;
            this.port = port;
            this.key = key;
        }

        static Proxy of(Env env) {
            String port = env.get("LITELLM_PORT", "4000");
            if (!port.matches("\\d{1,5}")) throw new Cli.Failure(Cli.USAGE, "LITELLM_PORT must be a port number, got '" + port + "'");
            return new Proxy(env.get("LITELLM_HOST", "127.0.0.1"), port, env.get("LITELLM_MASTER_KEY"));
        }

        String url() { return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port; }

        /** The body of GET path, or null when the proxy does not answer 200. */
        String get(String path) {
            var req = java.net.http.HttpRequest.newBuilder(java.net.URI.create(url() + path)).timeout(java.time.Duration.ofSeconds(10));
            if (key != null) req.header("Authorization", "Bearer " + key);
            try {
                var r = client.send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                throw new Cli.Failure(Cli.FAILED, "interrupted");
            }
        }

        /** The model ids the proxy serves, or null when it does not answer. */
        List<String> served() {
            String body = get("/v1/models");
            if (body == null) return null;
            List<String> ids = new ArrayList<>();
            try {
                for (JsonValue v : Json.parse(body).asObject().get("data").asArray()) ids.add(v.asObject().getString("id", ""));
            } catch (RuntimeException e) {
                throw new Cli.Failure(Cli.FAILED, url() + "/v1/models did not answer with a model list");
            }
            return ids;
        }

        /** Whether the proxy answers its health endpoint (asking again for up to `waitSeconds`), and how many models it serves. */
        int status(int waitSeconds, boolean json) {
            long until = System.nanoTime() + waitSeconds * 1_000_000_000L;
            boolean alive = get("/health/liveliness") != null;
            while (!alive && System.nanoTime() < until) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    throw new Cli.Failure(Cli.FAILED, "interrupted");
                }
                alive = get("/health/liveliness") != null;
            }
            List<String> served = alive ? served() : null;
            if (json) System.out.println(new JsonObject().add("url", url()).add("running", alive).add("models", served == null ? 0 : served.size()));
            else if (!alive) System.out.println("LiteLLM is not answering at " + url());
            else System.out.println("LiteLLM is running at " + url() + (served == null ? " but does not list its models (check LITELLM_MASTER_KEY)" : " and serves " + served.size() + " models"));
            return alive ? Cli.OK : Cli.FAILED;
        }

        /** The spec's "Models Not Appearing" checklist as one command. */
        int verify(Path config, Env env, boolean json) {
            List<String> served = served();
            if (served == null) throw new Cli.Failure(Cli.FAILED, "LiteLLM is not answering at " + url() + " (./magi start)");
            List<ProxyConfig.Entry> entries = ProxyConfig.read(config);
            Set<String> names = new TreeSet<>(), running = new TreeSet<>(served);
            entries.forEach(e -> names.add(e.modelName()));
            List<String> missing = names.stream().filter(n -> !running.contains(n)).toList();
            List<String> extra = running.stream().filter(n -> !names.contains(n)).toList();
            List<String> fallbacks = fallbackNames(config).stream().filter(n -> !names.contains(n)).distinct().toList();
            Map<String, List<String>> unset = new java.util.TreeMap<>();
            for (ProxyConfig.Entry e : entries)
                for (String v : e.variables()) if (env.get(v) == null) unset.computeIfAbsent(v, k -> new ArrayList<>()).add(e.modelName());
            boolean ok = missing.isEmpty() && extra.isEmpty() && fallbacks.isEmpty() && unset.isEmpty();
            if (json) {
                JsonObject keys = new JsonObject();
                unset.forEach((k, v) -> keys.add(k, array(v)));
                System.out.println(new JsonObject().add("url", url()).add("ok", ok).add("served", served.size()).add("configured", names.size())
                        .add("missing", array(missing)).add("extra", array(extra)).add("unknown_fallbacks", array(fallbacks))
                        .add("unset_variables", keys).toString(WriterConfig.PRETTY_PRINT));
            } else {
                missing.forEach(n -> System.out.println("missing: " + n + " is in the config but not served (restart LiteLLM: ./magi restart litellm)"));
                extra.forEach(n -> System.out.println("extra: " + n + " is served but not in the config"));
                fallbacks.forEach(n -> System.out.println("fallback: " + n + " is named in the fallbacks but not in the config"));
                unset.forEach((v, users) -> System.out.println("unset: " + v + " is not set, and " + users.size() + " entr" + (users.size() == 1 ? "y" : "ies")
                        + " use it (" + String.join(", ", users.subList(0, Math.min(3, users.size()))) + (users.size() > 3 ? ", ..." : "") + ")"));
                if (ok) System.out.println("ok: LiteLLM at " + url() + " serves exactly the " + names.size() + " models of the config");
            }
            return ok ? Cli.OK : Cli.FAILED;
        }
    }

    static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /** Model names in router_settings' and litellm_settings' fallbacks: [{model: [fallback, ...]}, ...]. */
    @SuppressWarnings("unchecked")
    static List<String> fallbackNames(Path config) {
        List<String> out = new ArrayList<>();
        Object root;
        try (java.io.Reader r = Files.newBufferedReader(config)) {
            root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(new org.yaml.snakeyaml.LoaderOptions())).load(r);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        if (!(root instanceof Map<?, ?> top)) return out;
        for (String section : List.of("router_settings", "litellm_settings"))
            if (top.get(section) instanceof Map<?, ?> settings)
                for (String kind : List.of("fallbacks", "context_window_fallbacks", "content_policy_fallbacks"))
                    if (settings.get(kind) instanceof List<?> rules)
                        for (Object rule : rules)
                            if (rule instanceof Map<?, ?> m)
                                m.forEach((from, to) -> {
                                    out.add(String.valueOf(from));
                                    if (to instanceof List<?> l) l.forEach(x -> out.add(String.valueOf(x)));
                                    else out.add(String.valueOf(to));
                                });
        return out;
    }

    // ---------------------------------------------------------------- recommend

    static int recommend(Path file, List<ProxyConfig.Entry> config, boolean json) {
        JsonObject rec;
        try {
            rec = Json.parse(Files.readString(file, StandardCharsets.UTF_8)).asObject();
            rec.get("categories").asObject();
        } catch (NoSuchFileException e) {
            throw new Cli.Failure(Cli.BAD_FILE, "no recommendations yet (" + file + "); run ./magi models sync");
        } catch (IOException | RuntimeException e) {
            throw new Cli.Failure(Cli.BAD_FILE, file + " is corrupt; run ./magi models sync to rewrite it");
        }
        Set<String> served = new LinkedHashSet<>();
        config.forEach(e -> served.add(e.modelName()));
        JsonObject cats = rec.get("categories").asObject();
        for (JsonObject.Member c : cats)
            for (JsonValue p : c.getValue().asObject().get("models").asArray())
                p.asObject().set("in_config", served.contains(p.asObject().getString("model_name", "")));
        if (json) {
            System.out.println(rec.toString(WriterConfig.PRETTY_PRINT));
            return Cli.OK;
        }
        for (Recommend r : Recommend.values()) {
            JsonObject c = cats.get(r.key) == null ? null : cats.get(r.key).asObject();
            System.out.println(Cli.paint("1", r.title) + "  (" + r.rule + ")");
            JsonArray picks = c == null ? new JsonArray() : c.get("models").asArray();
            if (picks.isEmpty()) System.out.println("  (no model fits)");
            List<String[]> rows = new ArrayList<>();
            int i = 0;
            for (JsonValue v : picks) {
                JsonObject p = v.asObject();
                rows.add(new String[] {"  " + (++i) + ".", p.getString("model_name", ""), p.getBoolean("in_config", false) ? "served" : "not in config",
                        p.getString("reason", "")});
            }
            if (!rows.isEmpty()) table(rows, Set.of(), false, System.out);
            System.out.println();
        }
        return Cli.OK;
    }
}
