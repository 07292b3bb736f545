package domain;

import static org.junit.jupiter.api.Assertions.*;

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
        assertEquals("50%off", new String(via("http://u:50%off@proxy:3128").login().getPassword()), "no escape: as it is, as curl takes it");
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

    /**
     * Each proxy gets its own login, sent with each request it carries (an Authenticator would make java.net.http
     * drop the requests' own Authorization, the providers' keys): never a direct request, never the other proxy's.
     */
    @Test
    void eachProxyGetsItsOwnLoginAndADirectRequestNone() {
        EgressProxy was = EgressProxy.current;
        try {
            EgressProxy.current = new EgressProxy(via("http://a:apw@secure:3128"), via("http://b:bpw@plain:8080"), List.of("corp.example"));
            assertEquals(basic("a:apw"), EgressProxy.authorization(URI.create("https://openrouter.ai/api/v1/models")));
            assertEquals(basic("b:bpw"), EgressProxy.authorization(URI.create("http://litellm.internal:4000/health")));
            for (String direct : List.of("http://127.0.0.1:4000/health", "https://api.corp.example/v1", "http://localhost/x"))
                assertNull(EgressProxy.authorization(URI.create(direct)), direct);
            EgressProxy.current = new EgressProxy(via("http://secure:3128"), null, List.of());
            assertNull(EgressProxy.authorization(URI.create("https://openrouter.ai/")), "no login, no header");
            java.net.http.HttpRequest r = Http.get(URI.create("https://openrouter.ai/api/v1/models"), Map.of("Authorization", "Bearer k"), java.time.Duration.ofSeconds(1));
            assertEquals(List.of("Bearer k"), r.headers().allValues("Authorization"), "the request keeps its own");
        } finally {
            EgressProxy.current = was;
        }
    }

    static String basic(String pair) { return "Basic " + java.util.Base64.getEncoder().encodeToString(pair.getBytes()); }

    /** A NO_PROXY entry with a port matches a URL that leaves out its scheme's port; a name that starts with 127. is no loopback. */
    @Test
    void portsAndLoopbackAreReadAsCurlReadsThem() {
        EgressProxy p = new EgressProxy(via("http://proxy:3128"), via("http://proxy:3128"), List.of("a.example:443", "b.example:80", "c.example:99999999999"));
        assertNotEquals(Proxy.NO_PROXY, p.select(URI.create("https://c.example/x")).get(0), "a port no number holds names nothing");
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("https://a.example/x")).get(0));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("http://b.example/x")).get(0));
        assertNotEquals(Proxy.NO_PROXY, p.select(URI.create("http://a.example/x")).get(0), "port 80, not 443");
        assertNotEquals(Proxy.NO_PROXY, p.select(URI.create("http://127.mirror.example/x")).get(0));
        assertEquals(Proxy.NO_PROXY, p.select(URI.create("http://127.9.9.9/x")).get(0));
        assertNull(via("http://proxy.corp:3128:1"), "a host with a colon, unbracketed");
    }

    /** A proxy Java cannot use is a bad setting for the sync, named with its login masked (the scripts hide Env's secrets, as here). */
    @Test
    void aProxyJavaCannotUseIsABadSettingForTheSync() {
        Env env = new Env(Path.of("/nonexistent"), Map.of("HTTPS_PROXY", "https://ops:secret-pw@proxy.corp:443"));
        Env bare = new Env(Path.of("/nonexistent"), Map.of("HTTPS_PROXY", "alice:hunter2pw@proxy.corp:99999"));
        try {
            Cli.hide(env::secrets);
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> EgressProxy.use(env, true));
            assertEquals(Cli.USAGE, f.code);
            assertFalse(f.getMessage().contains("secret-pw"), f.getMessage());
            assertTrue(f.getMessage().startsWith("HTTPS_PROXY must be http://host:port"), f.getMessage());
            Cli.hide(bare::secrets);
            String message = assertThrows(Cli.Failure.class, () -> EgressProxy.use(bare, true)).getMessage();
            assertTrue(message.endsWith("got '***@proxy.corp:99999'"), "without a scheme too: " + message);
            assertTrue(bare.secrets().containsAll(List.of("alice:hunter2pw", "hunter2pw")), bare.secrets().toString());
        } finally {
            Cli.hide(List::of);
        }
    }
}
