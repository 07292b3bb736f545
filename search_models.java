///usr/bin/env "${0%/*}/magi" jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS com.eclipsesource.minimal-json:minimal-json:0.9.5
//DEPS org.yaml:snakeyaml:2.5
//SOURCES domain/*.java
//COMPILE_OPTIONS -encoding UTF-8 -XDstringConcat=inline -J-XX:TieredStopAtLevel=1
// A read command's JVM lives ~40 ms: C1 only and late (compiling costs more than it saves, but a 100,000-model
// catalog still gets compiled code); G1, whose archived heap the class-data archive maps, with a small first heap
// (G1 readies its tables for the whole first heap: 400 page faults of the default 384 MB); no perf data file; and
// no AES, SHA, GHASH, MD5, Base64, CRC32C or Adler32 stubs, which the JVM generates at its start and a read command
// never runs (AVX-512 AES-GCM alone costs it 3 of its 40 ms; a proxy's HTTPS still works, in plain Java; a JDK
// that lacks one of these switches ignores it).
//JAVA_OPTIONS -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -Xms8m -XX:-UsePerfData -Xshare:auto -Dfile.encoding=UTF-8 -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8
//JAVA_OPTIONS -XX:+IgnoreUnrecognizedVMOptions -XX:-UseAES -XX:-UseSHA -XX:-UseBASE64Intrinsics -XX:+UnlockDiagnosticVMOptions -XX:-UseGHASHIntrinsics -XX:-UseMD5Intrinsics -XX:-UseCRC32CIntrinsics -XX:-UseAdler32Intrinsics

import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.WriterConfig;
import domain.Cli;
import domain.EgressProxy;
import domain.Env;
import domain.Explain;
import domain.Facets;
import domain.Model;
import domain.Proxy;
import domain.Recommend;
import domain.Recommendations;
import domain.Table;
import domain.Universe;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Answers "which model should I use?" from the synced catalog and the live config; never touches the network. */
class search_models implements Cli.Body {
    static final String PROG = "search_models";
    static final String USAGE = """
            usage: search_models [--tag T] [--cost TIER] [--popular MIN] [--provider P]
                                 [--best-value] [--coding] [--vision] [--limit N] [--json]
                   search_models list [N] [--json]
                   search_models top [N] [--json]
                   search_models filter TYPE [N] [--json]
                   search_models recommend [--json]
                   search_models explain NAME [--json]
                   search_models verify [--proxy URL ...] [--config PATH] [--json]
                   search_models status [--wait SECONDS]
                   search_models address

            Reads data/models.json and model_recommendations.json (written by `./magi models sync`) and the
            LiteLLM config; works offline. Every list is in the one order the sync ranked (sync N writes the
            first N of it); --best-value and --coding rank by their category's rule.

              list [N]          the models in the config, i.e. what the proxy serves, best first
                                (default N: OPENROUTER_MODEL_LIMIT, else 50)
              top [N]           the N best of the whole synced catalog, in the config or not (default 10)
              filter TYPE [N]   the N best of the catalog with a tag, cost tier or provider (default 20):
                                filter vision 20, filter budget 30, filter openai 15
              recommend         best value, most capable, fastest, budget friendly, vision, coding
              explain NAME      why a model is where it is: the parts of its score, the filters it passed
                                or failed, its place in the order, why it is or is not in the config
              verify            compare the running proxy's /v1/models with the config; also report fallbacks
                                naming models the config lacks, entries LiteLLM prices at $0, and key
                                variables that are not set; --proxy URL (repeatable, or LITELLM_PROXIES=
                                url,url) checks those proxies instead of the local one; --config PATH
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
            1 verify found differences, status found no proxy, or the output could not all be written (a reader
            that stops early, | head, is fine); 2 bad usage; 4 no synced catalog yet, or a corrupt one (run
            ./magi models sync).
            """;

    /*
     * The read commands run no lambda, stream or String.format while the index is current: a JVM links its first
     * lambda, and loads the locale data for its first format, in more time than the command's own work takes (it is
     * short-lived and interprets most of what it runs). Classes such as Universe's filters stand in for them. (A
     * command that rebuilds the index scores and encodes the catalog as the sync does, streams and all.)
     */
    final String[] args;

    search_models(String[] args) { this.args = args; }

    public static void main(String[] args) {
        Cli.main(PROG, new search_models(args));
    }

    /**
     * What a read command asks of the catalog: which models (all, or only those the config serves), filters on their
     * facets that all must hold, rules they must fit (which read the models), an order (null: the one order) and a
     * limit (0: all).
     */
    record Query(boolean served, List<Facets.Filter> filters, List<Predicate<Model>> fits, Comparator<Model> order, int limit) {}

    /**
     * Where in the universe's models those that pass every filter are, in the query's order. Best first, the facets
     * are read only until the limit is reached, and a model is decoded only for a rule it must fit.
     */
    static List<Integer> answer(Query q, Universe u) {
        int limit = q.limit == 0 ? Integer.MAX_VALUE : q.limit, count = q.served ? u.servedAt.length : u.models.size();
        List<Integer> hits = new ArrayList<>();
        for (int k = 0; k < count && (q.order != null || hits.size() < limit); k++) {
            int i = q.served ? u.servedAt[k] : k;
            if (!u.facets.pass(q.filters, i)) continue;
            boolean fits = true;
            for (Predicate<Model> f : q.fits) fits &= f.test(u.models.get(i));
            if (fits) hits.add(i);
        }
        if (q.order == null) return hits;
        hits.sort(new InOrder(q.order, u.models));
        return hits.subList(0, Math.min(limit, hits.size()));
    }

    /** Positions in `models`, in `order` of the models there (a record, not a lambda: see above). */
    record InOrder(Comparator<Model> order, List<Model> models) implements Comparator<Integer> {
        public int compare(Integer a, Integer b) { return order.compare(models.get(a), models.get(b)); }
    }

    public int run() {
        Env env = Env.load();
        Cli.hide(new Supplier<List<String>>() { public List<String> get() { return env.secrets(); } });
        List<String> rest = new ArrayList<>(List.of(args));
        if (rest.contains("--help") || rest.contains("-h") || rest.contains("help")) {
            System.out.print(USAGE);
            return Cli.OK;
        }
        boolean json = false;
        while (rest.remove("--json")) json = true; // given twice is still --json
        String command = rest.isEmpty() || rest.get(0).startsWith("-") ? "search" : rest.remove(0);
        Path data = env.home.resolve("data");
        Path config = env.path("LITELLM_CONFIG", "config/litellm/config.yaml");
        Integer proxied = proxy(command, rest, env, config, json);
        if (proxied != null) return proxied;
        switch (command) {
            case "recommend" -> {
                noMore(rest);
                Universe u = Universe.load(data.resolve("models.json"), config, env.home);
                return recommend(data.resolve("models.json"), u, json);
            }
            case "explain" -> {
                if (rest.size() != 1) throw new Cli.Failure(Cli.USAGE, "explain needs one NAME: a model_name or id (e.g. explain openai/gpt-4o)");
                return explain(Explain.of(rest.get(0), Universe.load(data.resolve("models.json"), config, env.home)), json);
            }
            default -> { }
        }
        Universe u = Universe.load(data.resolve("models.json"), config, env.home);
        Query q = switch (command) {
            case "list" -> new Query(true, List.of(), List.of(), null, count(rest, env.modelLimit()));
            case "top" -> new Query(false, List.of(), List.of(), null, count(rest, 10));
            case "filter" -> {
                if (rest.isEmpty()) throw new Cli.Failure(Cli.USAGE, "filter needs a TYPE: a tag, cost tier or provider (e.g. filter vision 20)");
                String type = rest.remove(0);
                yield new Query(false, List.of(u.kind(type)), List.of(), null, count(rest, 20));
            }
            case "search" -> search(rest, u);
            default -> throw new Cli.Failure(Cli.USAGE, Cli.unknown("command", command,
                    List.of("sync", "list", "top", "filter", "search", "recommend", "explain", "verify", "restore", "help")));
        };
        return show(q, u, json);
    }

    /** The commands about the running proxy (address, status, verify), or null for another command. */
    static Integer proxy(String command, List<String> rest, Env env, Path config, boolean json) {
        switch (command) {
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
                    wait = Cli.number("--wait", rest.get(1), 0, Integer.MAX_VALUE, "a whole number of seconds");
                    rest.subList(0, 2).clear();
                }
                noMore(rest, "--wait");
                EgressProxy.use(env, false);
                return Proxy.of(env).status(wait, json);
            }
            case "verify" -> {
                EgressProxy.use(env, false); // a proxy of LITELLM_PROXIES may be reached through one
                return Proxy.verify(rest, config, env, json);
            }
            default -> {
                return null;
            }
        }
    }

    static int explain(Explain.Report report, boolean json) {
        if (json) System.out.println(Cli.json(report.json().toString(WriterConfig.PRETTY_PRINT)));
        else report.print(System.out);
        return Cli.OK;
    }

    /** The hits of a query, in its order (null: the one order), as a table ending with the sources of its figures, or as JSON. */
    static int show(Query q, Universe u, boolean json) {
        List<Integer> hits = answer(q, u);
        if (json) {
            System.out.println(Cli.redact(toJson(hits, u))); // Cli.json's: Model.Text has escaped what it escapes
            return Cli.OK;
        }
        List<List<String>> rows = new ArrayList<>(hits.size());
        boolean figures = false;
        for (int i : hits) {
            rows.add(u.rows.get(i));
            figures |= u.facets.figures(i);
        }
        Table.print(rows, System.out);
        if (figures) for (String credit : u.credits.values()) System.out.println(credit);
        return Cli.OK;
    }

    static int count(List<String> rest, int fallback) {
        if (!rest.isEmpty() && rest.get(0).startsWith("--")) throw new Cli.Failure(Cli.USAGE, Cli.unknown("flag", rest.get(0), List.of("--json", "--help")));
        int n = rest.isEmpty() ? fallback : Cli.count("N", rest.remove(0));
        noMore(rest);
        return n;
    }

    /** No argument left: a flag left is unknown (with the closest of --json, --help and the command's `others`); anything else is one too many. */
    static void noMore(List<String> rest, String... others) {
        if (rest.isEmpty()) return;
        List<String> flags = new ArrayList<>(List.of("--json", "--help"));
        flags.addAll(List.of(others));
        if (rest.get(0).startsWith("-")) throw new Cli.Failure(Cli.USAGE, Cli.unknown("flag", rest.get(0), flags) + " (see --help)");
        throw new Cli.Failure(Cli.USAGE, "unexpected argument '" + rest.get(0) + "' (see --help)");
    }

    static Query search(List<String> args, Universe u) {
        List<Facets.Filter> filters = new ArrayList<>();
        List<Predicate<Model>> fits = new ArrayList<>();
        Comparator<Model> order = null;
        int limit = 20;
        List<String> flags = List.of("--tag", "--cost", "--popular", "--provider", "--best-value", "--coding", "--vision", "--limit", "--json");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) { // --limit=5 is --limit 5
                if (List.of("--best-value", "--coding", "--vision", "--json").contains(a.substring(0, eq)))
                    throw new Cli.Failure(Cli.USAGE, a.substring(0, eq) + " takes no value, got '" + Cli.clean(a) + "'");
                args.add(i + 1, a.substring(eq + 1));
                args.set(i, a = a.substring(0, eq));
            }
            switch (a) {
                case "--best-value", "--coding" -> {
                    Recommend.Rule rule = (a.equals("--coding") ? Recommend.CODING : Recommend.BEST_VALUE).rule(u.models);
                    fits.add(rule.fits());
                    order = rule.order();
                }
                case "--vision" -> filters.add(Universe.vision());
                case "--tag", "--cost", "--popular", "--provider", "--limit" -> {
                    String v = Cli.value(args, i++);
                    switch (a) {
                        case "--tag" -> filters.add(u.tag(v));
                        case "--cost" -> filters.add(Universe.tier(v));
                        case "--provider" -> filters.add(u.provider(v));
                        case "--limit" -> limit = Cli.count("--limit", v);
                        default -> {
                            filters.add(Universe.scoreAtLeast(Cli.number("--popular", v, 0, 100, "a score from 0 to 100")));
                        }
                    }
                }
                default -> throw new Cli.Failure(Cli.USAGE, Cli.unknown(a.startsWith("-") ? "flag" : "argument", a, flags));
            }
        }
        return new Query(false, filters, fits, order, limit);
    }

    /** The models as a list of their JSON objects, each with in_config and the sources of its figures, as PRETTY_PRINT writes them (see Model.Text). */
    static String toJson(List<Integer> hits, Universe u) {
        StringBuilder out = new StringBuilder(hits.size() * 900 + 8).append('[');
        List<String> credits = new ArrayList<>(u.credits.values());
        for (int i : hits) {
            Model m = u.models.get(i);
            Model.Text text = new Model.Text(out.append(out.length() == 1 ? "\n  " : ",\n  "), Model.Text.PRETTY);
            m.fields(text);
            text.flag("in_config", u.inConfig(i));
            text.texts("sources", m.figures().any() ? credits : List.of());
            text.close();
        }
        return out.append(hits.isEmpty() ? "\n  \n]" : "\n]").toString();
    }

    /**
     * The recommendations: the file beside `modelsJson` as it is (in_config as the config is now) for --json, else a
     * table per category from the index (the table loads neither Recommendations nor, with it, minimal-json's jar).
     */
    static int recommend(Path modelsJson, Universe u, boolean json) {
        if (json || u.recommendations == null) { // without categories in the index, the file is absent or corrupt: read() says which
            JsonObject rec = Recommendations.read(Recommendations.beside(modelsJson), u);
            if (json) {
                System.out.println(Cli.json(rec.toString(WriterConfig.PRETTY_PRINT)));
                return Cli.OK;
            }
        }
        StringBuilder text = new StringBuilder(); // printed in one write: a PrintStream on stdout flushes at every println
        for (Recommend r : Recommend.values()) {
            Recommendations.Category c = null;
            for (Recommendations.Category x : u.recommendations) if (x.key().equals(r.key)) c = x;
            text.append(r.mark).append(' ').append(Cli.paint("1", r.title)).append("  (").append(c == null ? "" : Cli.clean(Cli.redact(c.rule()))).append(")\n");
            List<String[]> rows = new ArrayList<>();
            if (c != null)
                for (Recommendations.Pick p : c.picks()) {
                    String as = u.servedAs(p.modelName(), p.provider() + "/" + p.id());
                    rows.add(new String[] {"  " + (rows.size() + 1) + ".", as != null ? as : p.modelName(), as != null ? "served" : "not in config", p.reason()});
                }
            if (rows.isEmpty()) text.append("  (no model fits)\n");
            else Table.table(rows, Set.of(), false, text);
            text.append('\n');
        }
        for (String credit : u.credits.values()) text.append(credit).append('\n');
        System.out.print(text);
        return Cli.OK;
    }
}
