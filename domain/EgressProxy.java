package domain;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The egress proxy of the environment, as curl and LiteLLM (httpx) take it: https_proxy or HTTPS_PROXY for https
 * addresses, http_proxy or HTTP_PROXY for http ones (http://[user:password@]host[:port], port 80 unless given), and
 * no_proxy or NO_PROXY: the hosts reached directly (a name, covering its subdomains; an address; an IPv4 range
 * a.b.c.d/n; * every host). Loopback is always direct. The one HTTP transport (Http) asks it for each request.
 * Java's own proxy settings (java -Dhttps.proxyHost=...) win when set.
 */
public final class EgressProxy extends ProxySelector {
    /** One proxy: where it is, and its login (null: none). */
    record Via(String host, int port, PasswordAuthentication login) {
        Proxy proxy() { return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)); }

        @Override public String toString() { return host + ":" + port; }
    }

    /** The proxy the HTTP clients use, set before the first is asked for (null: none, or Java's own settings). */
    static volatile EgressProxy current;

    final Via https, http;
    final List<String> direct;

    EgressProxy(Via https, Via http, List<String> direct) {
        this.https = https;
        this.http = http;
        this.direct = direct;
    }

    /**
     * Takes the environment's proxy for this process's requests. strict: a value Java cannot use (an https:// or
     * socks proxy) is a bad setting (the sync); else it is named in a warning and the requests go directly (status
     * and verify, which mostly ask a proxy on this machine).
     */
    public static void use(Env env, boolean strict) {
        if (System.getProperty("https.proxyHost") != null || System.getProperty("http.proxyHost") != null) return;
        Via https = via(env, "https", strict), http = via(env, "http", strict);
        if (https == null && http == null) return;
        String none = setting(env, "NO_PROXY");
        List<String> direct = new ArrayList<>();
        if (none != null)
            for (String h : none.toLowerCase(Locale.ROOT).split("[,\\s]+")) if (!h.isEmpty()) direct.add(h.startsWith(".") ? h.substring(1) : h);
        // java.net.http drops a Basic Proxy-Authorization from the CONNECT of a tunnel unless told (the proxy is the operator's own)
        if ((https != null && https.login != null || http != null && http.login != null) && System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null)
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        current = new EgressProxy(https, http, direct);
    }

    /** A setting as curl reads it: the lower-case name first. */
    static String setting(Env env, String name) {
        String lower = env.get(name.toLowerCase(Locale.ROOT));
        return lower != null ? lower : env.get(name);
    }

    static Via via(Env env, String scheme, boolean strict) {
        String name = scheme.toUpperCase(Locale.ROOT) + "_PROXY", v = setting(env, name);
        if (v == null) return null;
        Via via = parse(v);
        if (via != null) return via;
        // the login is one of Env's secrets, which every message masks
        String why = name + " must be http://host:port (with user:password@ if it asks; Java cannot use an https or socks proxy), got '"
                + Cli.clean(Cli.redact(v)) + "'";
        if (strict) throw new Cli.Failure(Cli.USAGE, why);
        Cli.warn(why + "; asking directly");
        return null;
    }

    /** http://[user:password@]host[:port][/] (the scheme may be left out), or null. */
    static Via parse(String v) {
        int sep = v.indexOf("://");
        if (sep >= 0 && !v.substring(0, sep).equalsIgnoreCase("http")) return null;
        String rest = sep < 0 ? v : v.substring(sep + 3);
        if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        PasswordAuthentication login = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String user = rest.substring(0, at);
            int colon = user.indexOf(':');
            login = new PasswordAuthentication(decode(colon < 0 ? user : user.substring(0, colon)), decode(colon < 0 ? "" : user.substring(colon + 1)).toCharArray());
            rest = rest.substring(at + 1);
        }
        String host = rest, port = "80";
        int colon = rest.lastIndexOf(':');
        if (rest.startsWith("[") ? rest.indexOf("]:") > 0 : colon > 0) {
            host = rest.substring(0, colon);
            port = rest.substring(colon + 1);
        }
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        else if (host.contains(":")) return null; // host:port:more
        if (host.isEmpty() || host.contains("/") || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) return null;
        return new Via(host, Integer.parseInt(port), login);
    }

    /** Percent-decoded, as curl reads a login; text that is no escape (50%off) as it is. */
    static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    @Override public List<Proxy> select(URI uri) {
        Via via = "https".equalsIgnoreCase(uri.getScheme()) ? https : http;
        return via == null || direct(uri) ? List.of(Proxy.NO_PROXY) : List.of(via.proxy());
    }

    @Override public void connectFailed(URI uri, SocketAddress proxy, IOException e) { /* the fetch reports it */ }

    /** Whether `uri` is asked directly: its host is loopback, or NO_PROXY names it (as curl matches it). */
    boolean direct(URI uri) {
        if (uri.getHost() == null) return true;
        String h = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.equals("localhost") || h.endsWith(".localhost") || ipv4(h) >> 24 == 127 || h.equals("::1") || h.equals("0.0.0.0")) return true;
        for (String d : direct) {
            String name = d;
            int colon = d.lastIndexOf(':');
            if (colon > 0 && d.indexOf(':') == colon && d.substring(colon + 1).matches("\\d{1,5}")) { // name:port
                if (port != Integer.parseInt(d.substring(colon + 1))) continue;
                name = d.substring(0, colon);
            }
            if (name.equals("*") || h.equals(name) || h.endsWith("." + name) || inRange(h, name)) return true;
        }
        return false;
    }

    /** Whether the IPv4 address `h` is in the range a.b.c.d/n. */
    static boolean inRange(String h, String range) {
        int slash = range.indexOf('/');
        if (slash < 0) return false;
        long a = ipv4(h), r = ipv4(range.substring(0, slash));
        String bits = range.substring(slash + 1);
        if (a < 0 || r < 0 || !bits.matches("\\d{1,2}") || Integer.parseInt(bits) > 32) return false;
        long mask = Integer.parseInt(bits) == 0 ? 0 : (0xFFFFFFFFL << (32 - Integer.parseInt(bits))) & 0xFFFFFFFFL;
        return (a & mask) == (r & mask);
    }

    static long ipv4(String s) {
        String[] p = s.split("\\.");
        if (p.length != 4) return -1;
        long out = 0;
        for (String x : p) {
            if (!x.matches("\\d{1,3}") || Integer.parseInt(x) > 255) return -1;
            out = out << 8 | Integer.parseInt(x);
        }
        return out;
    }

    /**
     * Gives `client` the proxy use() took; nothing when it took none. A call, so that the read commands, which load
     * Http but ask nothing, load neither this class nor ProxySelector.
     */
    static void configure(java.net.http.HttpClient.Builder client) {
        if (current != null) client.proxy(current);
    }

    /**
     * The Proxy-Authorization a request of `uri` carries: Basic with the login of the proxy it goes through, or null
     * (direct, or a proxy without one). Sent up front rather than through an Authenticator, which would make
     * java.net.http drop every Authorization header of the requests (the keys of OpenRouter, OpenAI and LiteLLM);
     * java.net.http gives it to the proxy alone (the CONNECT of a tunnel, or the request an http proxy forwards).
     */
    static String authorization(URI uri) {
        EgressProxy p = current;
        if (p == null) return null;
        Via via = "https".equalsIgnoreCase(uri.getScheme()) ? p.https : p.http;
        if (via == null || via.login == null || p.direct(uri)) return null;
        String pair = via.login.getUserName() + ":" + new String(via.login.getPassword());
        return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Why a proxy answered 407 to a request of `uri`. */
    static String refused(URI uri) {
        return authorization(uri) == null ? "the proxy asks for a login (user:password@ in its setting)" : "the proxy refused the login in its setting";
    }

    /** " through the proxy host:port" when `uri` is asked through one, else "": what a failed fetch says. */
    static String through(URI uri) {
        EgressProxy p = current;
        if (p == null) return "";
        List<Proxy> chosen = p.select(uri);
        return chosen.get(0).type() == Proxy.Type.DIRECT ? "" : " through the proxy " + ("https".equalsIgnoreCase(uri.getScheme()) ? p.https : p.http);
    }
}
