package domain;

import com.eclipsesource.json.Json;
import com.eclipsesource.json.JsonArray;
import com.eclipsesource.json.JsonObject;
import com.eclipsesource.json.JsonValue;
import com.eclipsesource.json.WriterConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The LiteLLM proxy on LITELLM_HOST:LITELLM_PORT, asked with LITELLM_MASTER_KEY when it is set. */
public final class Proxy {
    public final String host, port;
    final String key;
    final java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1)
            .connectTimeout(java.time.Duration.ofSeconds(2)).build();

    Proxy(String host, String port, String key) {
        this.host = host;
        this.port = port;
        this.key = key;
    }

    public static Proxy of(Env env) {
        String port = env.get("LITELLM_PORT", "4000");
        if (!port.matches("\\d{1,5}")) throw new Cli.Failure(Cli.USAGE, "LITELLM_PORT must be a port number, got '" + port + "'");
        return new Proxy(env.get("LITELLM_HOST", "127.0.0.1"), port, env.get("LITELLM_MASTER_KEY"));
    }

    public String url() { return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port; }

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

    /** The spec's "Models Not Appearing" checklist as one command. */
    public int verify(Path config, Env env, boolean json) {
        List<String> served = served();
        if (served == null) throw new Cli.Failure(Cli.FAILED, "LiteLLM is not answering at " + url() + " (./magi start)");
        ProxyConfig parsed = ProxyConfig.read(config);
        List<ProxyConfig.Entry> entries = parsed.entries();
        Set<String> names = new TreeSet<>(), running = new TreeSet<>(served);
        entries.forEach(e -> names.add(e.modelName()));
        List<String> missing = names.stream().filter(n -> !running.contains(n)).toList();
        List<String> extra = running.stream().filter(n -> !names.contains(n)).toList();
        List<String> fallbacks = parsed.fallbacks().stream().filter(n -> !names.contains(n)).distinct().toList();
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

    static JsonArray array(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
