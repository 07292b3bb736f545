package domain;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;

/**
 * The egress proxy of the environment, as curl and LiteLLM (httpx) take it: https_proxy or HTTPS_PROXY for https
 * addresses, http_proxy or HTTP_PROXY for http ones (http://[user:password@]host[:port]), and no_proxy or NO_PROXY
 * (host names, each covering its subdomains; * every host); loopback never. It becomes the JVM's proxy properties,
 * which java.net.http reads at each request, unless those are set already (java -Dhttps.proxyHost=...).
 */
public final class EgressProxy {
    /** The proxy's login, or null. */
    static volatile PasswordAuthentication login;

    /** Sets the JVM's proxy properties from `env`; before the first HTTP client is asked for (Http.prepare). */
    public static void fromEnvironment(Env env) {
        String direct = first(env, "no_proxy", "NO_PROXY");
        if (direct != null && Arrays.asList(direct.split("[,\\s]+")).contains("*")) return;
        for (String scheme : new String[] {"https", "http"}) {
            String name = scheme.toUpperCase(Locale.ROOT) + "_PROXY", v = first(env, scheme + "_proxy", name);
            if (v == null || System.getProperty(scheme + ".proxyHost") != null) continue;
            URI uri;
            try {
                uri = new URI(v.contains("://") ? v : "http://" + v);
            } catch (URISyntaxException e) {
                uri = null;
            }
            if (uri == null || !"http".equals(uri.getScheme()) || uri.getHost() == null)
                throw new Cli.Failure(Cli.USAGE, name + " must be http://host:port (with user:password@ if it asks), got '" + Cli.clean(Cli.redact(v)) + "'");
            System.setProperty(scheme + ".proxyHost", uri.getHost());
            System.setProperty(scheme + ".proxyPort", String.valueOf(uri.getPort() < 0 ? 80 : uri.getPort()));
            String user = uri.getUserInfo();
            if (user != null) { // Basic, which Java gives a proxy only when told (the proxy is the operator's own)
                int colon = user.indexOf(':');
                login = new PasswordAuthentication(colon < 0 ? user : user.substring(0, colon), (colon < 0 ? "" : user.substring(colon + 1)).toCharArray());
                System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
                System.setProperty("jdk.http.auth.proxying.disabledSchemes", "");
            }
        }
        if (direct != null && System.getProperty("http.nonProxyHosts") == null) {
            StringBuilder hosts = new StringBuilder("localhost|127.*|[::1]"); // the JVM's own, which this replaces
            for (String h : direct.split("[,\\s]+")) {
                h = h.replaceFirst("^\\*?\\.", "").replaceFirst(":\\d+$", "");
                if (!h.isEmpty()) hosts.append('|').append(h).append("|*.").append(h);
            }
            System.setProperty("http.nonProxyHosts", hosts.toString());
        }
    }

    static String first(Env env, String lower, String upper) { return env.get(lower) != null ? env.get(lower) : env.get(upper); }

    /**
     * What gives the login to the proxy when it asks, never to a server; null without a login (with an authenticator,
     * java.net.http turns a server's 401 without WWW-Authenticate into an exception, not an answer). In a class of its
     * own: Authenticator's set-up runs a lambda, which a read command must not (see search_models).
     */
    static Authenticator authenticator() {
        PasswordAuthentication l = login;
        return l == null ? null : new Authenticator() {
            @Override protected PasswordAuthentication getPasswordAuthentication() {
                return getRequestorType() == RequestorType.PROXY ? l : null;
            }
        };
    }
}
