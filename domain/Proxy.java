package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The LiteLLM proxy on LITELLM_HOST:LITELLM_PORT, asked with LITELLM_MASTER_KEY when it is set. */
public final class Proxy {
    public final String host, port;
    final String key, base;

    Proxy(String host, String port, String key, String base) {
        this.host = host;
        this.port = port;
        this.key = key;
        this.base = base;
    }

    public static Proxy of(Env env) {
        String port = env.get("LITELLM_PORT", "4000");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)
            throw new Cli.Failure(Cli.USAGE, "LITELLM_PORT must be a port number from 1 to 65535, got '" + Cli.clean(port) + "'");
        String host = env.get("LITELLM_HOST", "127.0.0.1");
        // a name or an address, nothing that would change the URL around it (a user@, a path, a #)
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        boolean usable = host.matches("[A-Za-z0-9.-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
        try {
            usable &= new URI(url).getHost() != null; // and one the URL takes (not "-", "..", ":")
        } catch (URISyntaxException e) {
            usable = false;
        }
        if (!usable) throw new Cli.Failure(Cli.USAGE, "LITELLM_HOST must be a host name or address, got '" + Cli.clean(host) + "'");
        return new Proxy(host, port, env.get("LITELLM_MASTER_KEY"), url);
    }

    public String url() { return base; }

    /** The body of GET path, or null when the proxy does not answer 200. */
    String get(String path) {
        if (key != null) warnIfKeyInClear();
        var req = Http.get(URI.create(url() + path), key == null ? Map.of() : Map.of("Authorization", "Bearer " + key), Duration.ofSeconds(10));
        try {
            java.net.http.HttpResponse<java.io.InputStream> r = Http.send(req, Duration.ofSeconds(2));
            if (r.statusCode() == 407) throw new Cli.Failure(Cli.FAILED, "cannot ask " + url() + EgressProxy.through(req.uri()) + ": " + EgressProxy.refused(req.uri()));
            try (java.io.InputStream body = r.body()) {
                return r.statusCode() == 200 ? new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8) : null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    /** The hosts this process has warned about (once each: status asks again and again). */
    static final Set<String> WARNED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** One line on stderr, once per host, when the key about to be attached would cross a network unencrypted. */
    void warnIfKeyInClear() {
        if (keyInClear(base, host) && WARNED.add(host))
            Cli.warn("LITELLM_MASTER_KEY is sent in clear text (http) to " + host + ", which is not this machine: use https unless the network between is trusted");
    }

    /**
     * Whether the master key would cross a network unencrypted: plain http to a host that is not this machine.
     * Not refused: a compose or Kubernetes network (http://litellm:4000) is the usual, trusted case. A name
     * other than localhost counts as remote; it is not looked up.
     */
    static boolean keyInClear(String base, String host) {
        if (!base.startsWith("http://")) return false;
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) return false;
        if (!addressLiteral(h)) return true;
        try { // a literal: no DNS lookup
            java.net.InetAddress a = java.net.InetAddress.getByName(h);
            return !a.isLoopbackAddress() && !a.isAnyLocalAddress(); // 0.0.0.0 reaches this machine too
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }

    /** An IPv6 address (it has a colon) or an IPv4 one (digits and dots only), as opposed to a name. */
    static boolean addressLiteral(String h) {
        if (h.indexOf(':') >= 0) return true;
        for (int i = 0; i < h.length(); i++) if (h.charAt(i) != '.' && (h.charAt(i) < '0' || h.charAt(i) > '9')) return false;
        return !h.isEmpty();
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
    public int status(int waitSeconds, boolean json) {
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

    /**
     * `verify [--proxy URL ...] [--config PATH]`: the checklist for each proxy asked (--proxy, repeatable, else
     * LITELLM_PROXIES=url,url, else the local one); exit 1 when any differs. One JSON object per proxy, an array of
     * them for several. A remote proxy's environment is not this machine's, so only the local one is checked for
     * unset key variables.
     */
    public static int verify(List<String> args, Path config, Env env, boolean json) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--proxy")) urls.add(Cli.value(args, i++));
            else if (a.equals("--config")) config = Cli.path(Cli.value(args, i++), Cli.BAD_FILE).toAbsolutePath();
            else throw new Cli.Failure(Cli.USAGE, Cli.unknown("argument", a, List.of("--proxy", "--config", "--json")) + " (see --help)");
        }
        if (urls.isEmpty() && env.get("LITELLM_PROXIES") != null)
            for (String u : env.get("LITELLM_PROXIES").split(",")) if (!u.isBlank()) urls.add(u.strip());
        List<Proxy> proxies = urls.isEmpty() ? List.of(of(env)) : urls.stream().map(u -> at(u, env.get("LITELLM_MASTER_KEY"))).toList();
        ProxyConfig parsed = ProxyConfig.read(config);
        JsonArray reports = new JsonArray();
        int differ = 0;
        for (Proxy p : proxies) {
            if (!json && proxies.size() > 1) System.out.println("== " + p.url());
            JsonObject r = p.check(parsed, urls.isEmpty() ? env : null);
            if (!r.getBoolean("ok", false)) differ++;
            if (json) reports.add(r);
            else print(r);
        }
        if (json) System.out.println((proxies.size() == 1 ? reports.get(0) : reports).toString(WriterConfig.PRETTY_PRINT));
        else if (proxies.size() > 1) System.out.println(proxies.size() + " proxies: " + (proxies.size() - differ) + " ok, " + differ + " differ");
        return differ == 0 ? Cli.OK : Cli.FAILED;
    }

    /** A proxy named by URL (http or https, with a host). */
    static Proxy at(String url, String key) {
        URI u;
        try {
            u = new URI(url.replaceAll("/+$", ""));
        } catch (URISyntaxException e) {
            u = null;
        }
        if (u == null || u.getHost() == null || u.getPort() > 65535 || !(("http".equals(u.getScheme()) || "https".equals(u.getScheme()))))
            throw new Cli.Failure(Cli.USAGE, "not a proxy URL: '" + Cli.clean(Cli.redact(url)) + "' (expected http://host:port)");
        // the URL is printed in every report: a password in it would be too (LITELLM_MASTER_KEY is how to authenticate)
        if (u.getRawUserInfo() != null)
            throw new Cli.Failure(Cli.USAGE, "a proxy URL must not hold a user or password (" + u.getScheme() + "://***@" + u.getHost()
                    + "); LiteLLM is asked with LITELLM_MASTER_KEY");
        return new Proxy(u.getHost(), String.valueOf(u.getPort() > 0 ? u.getPort() : u.getScheme().equals("https") ? 443 : 80), key, u.toString());
    }

    /**
     * The spec's "Models Not Appearing" checklist for this proxy: models missing or extra, fallbacks naming
     * models the config lacks, entries LiteLLM prices at $0, and (with `env`) key variables that are not set.
     */
    JsonObject check(ProxyConfig parsed, Env env) {
        List<String> served;
        try {
            served = served();
        } catch (Cli.Failure f) {
            served = null; // answers, but with no model list: as good as down for this check
        }
        JsonObject r = new JsonObject().add("url", url()).add("running", served != null);
        if (served == null) return r.add("ok", false);
        Set<String> names = new TreeSet<>(), running = new TreeSet<>(served);
        parsed.entries().forEach(e -> names.add(e.modelName()));
        List<String> fallbacks = parsed.fallbacks().stream().filter(n -> !names.contains(n)).distinct().toList();
        Map<String, List<String>> unset = new TreeMap<>();
        if (env != null)
            for (ProxyConfig.Entry e : parsed.entries())
                for (String v : e.variables()) if (env.get(v) == null) unset.computeIfAbsent(v, k -> new ArrayList<>()).add(e.modelName());
        List<String> unpriced = unpriced(parsed.entries());
        JsonObject keys = new JsonObject();
        unset.forEach((k, v) -> keys.add(k, array(v)));
        r.add("served", served.size()).add("configured", names.size())
                .add("missing", array(names.stream().filter(n -> !running.contains(n)).toList()))
                .add("extra", array(running.stream().filter(n -> !names.contains(n)).toList()))
                .add("unknown_fallbacks", array(fallbacks)).add("unset_variables", keys)
                .add("unpriced", unpriced == null ? Json.NULL : array(unpriced));
        boolean ok = r.get("missing").asArray().isEmpty() && r.get("extra").asArray().isEmpty() && fallbacks.isEmpty() && unset.isEmpty()
                && unpriced != null && unpriced.isEmpty();
        return r.add("ok", ok);
    }

    /**
     * The model_names LiteLLM prices at $0: /model/info shows neither an input nor an output price (a model its map
     * lacks), unless the config states the prices itself (a free model) or the name is a wildcard route. Null when
     * /model/info gives no list.
     */
    List<String> unpriced(List<ProxyConfig.Entry> entries) {
        Set<String> stated = new TreeSet<>();
        entries.forEach(e -> { if (e.info().containsKey("input_cost_per_token") || e.info().containsKey("output_cost_per_token")) stated.add(e.modelName()); });
        String body = get("/v1/model/info");
        Set<String> out = new TreeSet<>();
        try {
            for (JsonValue v : Json.parse(body).asObject().get("data").asArray()) {
                JsonObject d = v.asObject(), info = d.get("model_info") != null && d.get("model_info").isObject() ? d.get("model_info").asObject() : new JsonObject();
                String name = d.getString("model_name", "");
                if (!stated.contains(name) && !name.contains("*") // a wildcard route is priced by the model each request names
                        && cost(info.get("input_cost_per_token")) <= 0 && cost(info.get("output_cost_per_token")) <= 0) out.add(name);
            }
        } catch (RuntimeException e) {
            return null; // no answer, or not a model list
        }
        return List.copyOf(out);
    }

    static double cost(JsonValue v) { return v != null && v.isNumber() ? v.asDouble() : 0; }

    /** A report, a line per finding; names come from the config and the proxy, so no control character reaches the terminal. */
    static void print(JsonObject r) {
        String url = r.getString("url", "");
        if (!r.getBoolean("running", false)) {
            line("down: LiteLLM at " + url + " does not list its models (not running: ./magi start; or LITELLM_MASTER_KEY is wrong)");
            return;
        }
        r.get("missing").asArray().forEach(n -> line("missing: " + n.asString() + " is in the config but not served (restart LiteLLM: ./magi restart litellm)"));
        r.get("extra").asArray().forEach(n -> line("extra: " + n.asString() + " is served but not in the config"));
        r.get("unknown_fallbacks").asArray().forEach(n -> line("fallback: " + n.asString() + " is named in the fallbacks but not in the config"));
        if (r.get("unpriced").isNull()) line("prices: not checked (" + url + "/v1/model/info gave no model list)");
        else r.get("unpriced").asArray().forEach(n -> line("unpriced: " + n.asString()
                + " costs $0: LiteLLM's map has no price for it (set input_cost_per_token and output_cost_per_token under its litellm_params)"));
        for (JsonObject.Member m : r.get("unset_variables").asObject()) {
            List<String> users = m.getValue().asArray().values().stream().map(JsonValue::asString).toList();
            line("unset: " + m.getName() + " is not set, and " + users.size() + " entr" + (users.size() == 1 ? "y" : "ies")
                    + " use it (" + String.join(", ", users.subList(0, Math.min(3, users.size()))) + (users.size() > 3 ? ", ..." : "") + ")");
        }
        if (r.getBoolean("ok", false)) line("ok: LiteLLM at " + url + " serves exactly the " + r.getInt("configured", 0) + " models of the config");
    }

    static void line(String s) { System.out.println(Cli.clean(s)); }

    static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        for (String v : values) a.add(v); // not a::add: see Catalog.write
        return a;
    }
}
