package io.ferrium.tls;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
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
 * A JSSE context that hands out engines and sockets of an inner context made for the current material
 * generation. The JDK server resumes sessions from stateless tickets that no cache invalidation
 * reaches; a fresh inner context after each reload has fresh ticket keys and empty caches, so every
 * connection opened after a reload does a full handshake with the new material (and is checked
 * against the new CA bundle), while connections already open go on undisturbed.
 */
final class PerGenerationSslContext extends SSLContext {
  PerGenerationSslContext(Supplier<Generation> generations, KeyManager keyManager, TrustManager trustManager) {
    this(new Spi(generations, keyManager, trustManager));
  }

  private PerGenerationSslContext(Spi spi) {
    super(spi, spi.current().getProvider(), spi.current().getProtocol());
  }

  private static final class Spi extends SSLContextSpi {
    private record Inner(long generation, SSLContext context) {}

    private final Supplier<Generation> generations;
    private final KeyManager keyManager;
    private final TrustManager trustManager;
    private final AtomicReference<Inner> inner = new AtomicReference<>();

    Spi(Supplier<Generation> generations, KeyManager keyManager, TrustManager trustManager) {
      this.generations = generations;
      this.keyManager = keyManager;
      this.trustManager = trustManager;
    }

    SSLContext current() {
      long generation = generations.get().number();
      Inner known = inner.get();
      if (known != null && known.generation() >= generation) {
        return known.context();
      }
      Inner fresh = new Inner(generation, TlsContexts.jsse(keyManager, trustManager));
      return inner.compareAndSet(known, fresh) ? fresh.context() : inner.get().context();
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw new UnsupportedOperationException("this SSLContext is already bound to its reloading material");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return current().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return current().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      return current().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      return current().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return current().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return current().getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return current().getDefaultSSLParameters();
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return current().getSupportedSSLParameters();
    }
  }
}
