package domain;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JVM's default TLS context (its trusted certificates, its protocols), made when an https address is first
 * asked rather than when the HttpClient is built: making it (loading the security providers and the trust store)
 * took a short sync's JVM 0.1 s, and a sync from an http address, or status and verify of a local proxy, never
 * needs it. PARAMETERS leaves the protocols and cipher suites unset, so each connection gets the context's
 * defaults; HttpClient sets the host name check (HTTPS) and the server name itself.
 */
final class LazyTls extends SSLContextSpi {
    static final SSLContext CONTEXT = new SSLContext(new LazyTls(), null, "Default") {};
    static final SSLParameters PARAMETERS = new SSLParameters();

    private SSLContext real;

    synchronized SSLContext real() {
        if (real == null)
            try {
                real = SSLContext.getDefault();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no TLS: " + e.getMessage(), e);
            }
        return real;
    }

    @Override protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) throws KeyManagementException {
        throw new KeyManagementException("the default context is initialized already");
    }
    @Override protected SSLSocketFactory engineGetSocketFactory() { return real().getSocketFactory(); }
    @Override protected SSLServerSocketFactory engineGetServerSocketFactory() { return real().getServerSocketFactory(); }
    @Override protected SSLEngine engineCreateSSLEngine() { return real().createSSLEngine(); }
    @Override protected SSLEngine engineCreateSSLEngine(String host, int port) { return real().createSSLEngine(host, port); }
    @Override protected SSLSessionContext engineGetServerSessionContext() { return real().getServerSessionContext(); }
    @Override protected SSLSessionContext engineGetClientSessionContext() { return real().getClientSessionContext(); }
    @Override protected SSLParameters engineGetDefaultSSLParameters() { return real().getDefaultSSLParameters(); }
    @Override protected SSLParameters engineGetSupportedSSLParameters() { return real().getSupportedSSLParameters(); }
}
