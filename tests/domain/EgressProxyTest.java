package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HTTPS_PROXY, HTTP_PROXY and NO_PROXY as curl and LiteLLM read them, as far as Java's HTTP client can follow. */
class EgressProxyTest {
    static EgressProxy.Via via(String v) { return EgressProxy.parse(v); }

    @Test
    void aProxyIsHttpHostAndPortWithAnOptionalLogin() {
        EgressProxy.Via v = via("HTTP://ops:p%40ss+word@proxy_corp.example:3128/");
        assertEquals(List.of("proxy_corp.example", 3128, "ops", "p@ss+word"), List.of(v.host(), v.port(), v.login().getUserName(), new String(v.login().getPassword())));
        assertEquals("proxy:80", via("proxy").toString(), "no scheme, no port: http on 80, as httpx takes it");
        assertEquals("::1:8080", via("http://[::1]:8080").toString());
        for (String bad : List.of("https://proxy:443", "socks5://proxy:1080", "http://proxy:99999", "http://", "http://proxy:port", "http://proxy/path"))
            assertNull(via(bad), bad);
    }

    @Test
    void noProxyNamesTheHostsReachedDirectly() {
        EgressProxy p = new EgressProxy(via("http://proxy:3128"), via("http://plain:8080"),
                List.of("corp.example", "10.0.0.0/8", "api.partner:8443", "localhost", "192.168.1.7"));
        Map<String, Boolean> direct = Map.ofEntries(Map.entry("https://corp.example/x", true), Map.entry("https://a.b.corp.example/x", true),
                Map.entry("https://xcorp.example/x", false), Map.entry("https://10.200.3.4/x", true), Map.entry("https://11.0.0.1/x", false),
                Map.entry("https://api.partner:8443/x", true), Map.entry("https://api.partner/x", false), Map.entry("http://127.0.0.1:4000/x", true),
                Map.entry("http://[::1]:4000/x", true), Map.entry("http://0.0.0.0:4000/x", true), Map.entry("https://openrouter.ai/api/v1", false),
                Map.entry("https://192.168.1.7/x", true));
        direct.forEach((url, yes) -> assertEquals(yes, p.select(URI.create(url)).get(0) == Proxy.NO_PROXY, url));
        assertEquals("proxy:3128", p.select(URI.create("https://openrouter.ai/")).get(0).address().toString().replace("/<unresolved>", ""));
        assertEquals("plain:8080", p.select(URI.create("http://litellm.internal:4000/")).get(0).address().toString().replace("/<unresolved>", ""));
        EgressProxy all = new EgressProxy(via("http://proxy:3128"), null, List.of("*"));
        assertEquals(Proxy.NO_PROXY, all.select(URI.create("https://openrouter.ai/")).get(0));
        assertEquals(Proxy.NO_PROXY, new EgressProxy(via("http://proxy:3128"), null, List.of()).select(URI.create("http://x.example/")).get(0),
                "no HTTP_PROXY: http goes directly");
    }

    /** Each proxy gets its own login, and only when it asks as a proxy: never a server, never the other proxy's. */
    @Test
    void eachProxyGetsItsOwnLoginAndNoServerGetsAny() throws Exception {
        EgressProxy p = new EgressProxy(via("http://a:apw@secure:3128"), via("http://b:bpw@plain:8080"), List.of());
        Authenticator auth = p.authenticator();
        assertEquals("apw", asked(auth, "secure", 3128, Authenticator.RequestorType.PROXY));
        assertEquals("bpw", asked(auth, "plain", 8080, Authenticator.RequestorType.PROXY));
        assertNull(asked(auth, "plain", 3128, Authenticator.RequestorType.PROXY));
        assertNull(asked(auth, "secure", 3128, Authenticator.RequestorType.SERVER));
        assertNull(new EgressProxy(via("http://proxy:3128"), null, List.of()).authenticator(), "no login, no authenticator");
    }

    static String asked(Authenticator auth, String host, int port, Authenticator.RequestorType type) throws Exception {
        PasswordAuthentication a = Authenticator.requestPasswordAuthentication(auth, host, null, port, "http", "realm", "basic",
                new URI("https://openrouter.ai/").toURL(), type);
        return a == null ? null : new String(a.getPassword());
    }

    @Test
    void aProxyJavaCannotUseIsABadSettingForTheSync() {
        Env env = new Env(Path.of("/nonexistent"), Map.of("HTTPS_PROXY", "https://ops:secret-pw@proxy.corp:443"));
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> EgressProxy.use(env, true));
        assertEquals(Cli.USAGE, f.code);
        assertFalse(f.getMessage().contains("secret-pw"), f.getMessage());
        assertTrue(f.getMessage().startsWith("HTTPS_PROXY must be http://host:port"), f.getMessage());
    }
}
