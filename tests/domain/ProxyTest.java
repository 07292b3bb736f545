package domain;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

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
}
