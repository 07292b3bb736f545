package domain;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxies verify asks. */
class ProxyTest {
    /** A URL is printed in every report, so one holding a password is refused, and the password is never shown. */
    @Test
    void aProxyUrlWithAPasswordIsRefusedWithoutShowingIt() {
        Cli.Failure f = assertThrows(Cli.Failure.class, () -> Proxy.at("http://admin:s3cret-SENTINEL@litellm.example:4000", null));
        assertEquals(Cli.USAGE, f.code);
        assertFalse(f.getMessage().contains("s3cret-SENTINEL"), f.getMessage());
        assertEquals("litellm.example", Proxy.at("http://litellm.example:4000/", null).host);
    }

    @Test
    void aPortOrHostNoProxyCanHaveIsABadSetting(@TempDir Path dir) {
        for (Map<String, String> env : List.of(Map.of("LITELLM_PORT", "99999"), Map.of("LITELLM_PORT", "0"), Map.of("LITELLM_HOST", "bad host"),
                Map.of("LITELLM_HOST", "user@evil.example"), Map.of("LITELLM_HOST", "evil.example/#"), Map.of("LITELLM_HOST", ":"),
                Map.of("LITELLM_HOST", "-"), Map.of("LITELLM_HOST", ".."), Map.of("LITELLM_HOST", "1:2:3:4:5:6:7:8:9:0:1:2:3"))) {
            Cli.Failure f = assertThrows(Cli.Failure.class, () -> Proxy.of(new Env(dir, env)), env.toString());
            assertEquals(Cli.USAGE, f.code);
            assertTrue(f.getMessage().startsWith(env.keySet().iterator().next() + " must be"), f.getMessage());
        }
        assertEquals(Cli.USAGE, assertThrows(Cli.Failure.class, () -> Proxy.at("http://127.0.0.1:99999", null)).code);
        assertEquals("http://[::1]:4000", Proxy.of(new Env(dir, Map.of("LITELLM_HOST", "::1"))).url());
    }

    /**
     * Final review, item 3: the master key sent over plain http to a host that is not this machine (a compose or
     * Kubernetes service name, a remote address) gets one warning line per host naming it, never the key; https,
     * loopback and this machine's any-address get none. Nothing is refused.
     */
    @Test
    void item3TheMasterKeyInClearTextIsWarnedOnceNamingTheHost(@TempDir Path dir) {
        for (String url : List.of("http://litellm:4000", "http://LiteLLM.internal", "http://10.0.0.7:4000", "http://[2001:db8::1]:4000"))
            assertTrue(Proxy.keyInClear(url, Proxy.at(url, null).host), url);
        for (String url : List.of("https://litellm:4000", "http://127.0.0.1:4000", "http://127.8.9.1", "http://localhost:4000", "http://LOCALHOST",
                "http://[::1]:4000", "http://0.0.0.0:4000", "http://[::]:4000"))
            assertFalse(Proxy.keyInClear(url, Proxy.at(url, null).host), url);
        String key = "sk-SENTINEL-master-item3";
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Proxy.of(new Env(dir, Map.of("LITELLM_HOST", "litellm.invalid", "LITELLM_PORT", "4000", "LITELLM_MASTER_KEY", key))).status(1, true);
            Proxy.at("http://litellm.invalid:4001", key).get("/v1/models");
            Proxy.at("https://secure.invalid", key).get("/v1/models");
            Proxy.of(new Env(dir, Map.of("LITELLM_MASTER_KEY", key))).get("/v1/models");
            Proxy.at("http://other.invalid", null).get("/v1/models");
        } finally {
            System.setErr(err);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one line for the one remote http host, however often it is asked: " + lines);
        assertTrue(lines.get(0).contains("litellm.invalid") && lines.get(0).contains("clear text"), lines.get(0));
        assertFalse(lines.get(0).contains(key));
    }
}
