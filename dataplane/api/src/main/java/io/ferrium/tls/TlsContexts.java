package io.ferrium.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSslSessionContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.security.GeneralSecurityException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * JSSE and gRPC (shaded netty) contexts over a key manager and trust manager. The contexts keep the
 * managers, not the material: each new handshake sees whatever the managers hold at that moment.
 */
final class TlsContexts {
  private TlsContexts() {}

  static SSLContext jsse(KeyManager keyManager, TrustManager trustManager) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS SSLContext: " + e.getMessage(), e);
    }
  }

  static SslContext grpcServer(KeyManager keyManager, TrustManager trustManager, ClientAuth clientAuth) {
    SslContextBuilder builder = SslContextBuilder.forServer(keyManager)
        .trustManager(trustManager)
        .clientAuth(clientAuth.toNetty());
    return buildWithoutSessionCache(GrpcSslContexts.configure(builder));
  }

  static SslContext grpcClient(KeyManager keyManager, TrustManager trustManager) {
    return buildWithoutSessionCache(GrpcSslContexts.forClient().keyManager(keyManager).trustManager(trustManager));
  }

  /**
   * gRPC connections live long, so resuming sessions saves little; without it every new connection
   * shows the peer's current certificate and is checked against the current CA bundle.
   */
  private static SslContext buildWithoutSessionCache(SslContextBuilder builder) {
    SslContext context;
    try {
      context = builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create a gRPC TLS context: " + e.getMessage(), e);
    }
    if (context.sessionContext() instanceof OpenSslSessionContext openSsl) {
      openSsl.setSessionCacheEnabled(false);
    }
    return context;
  }
}
