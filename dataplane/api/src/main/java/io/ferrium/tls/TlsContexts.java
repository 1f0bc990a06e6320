package io.ferrium.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
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
    return build(GrpcSslContexts.configure(builder));
  }

  static SslContext grpcClient(KeyManager keyManager, TrustManager trustManager) {
    return build(GrpcSslContexts.forClient().keyManager(keyManager).trustManager(trustManager));
  }

  private static SslContext build(SslContextBuilder builder) {
    try {
      return builder.build();
    } catch (SSLException e) {
      throw new IllegalStateException("cannot create a gRPC TLS context: " + e.getMessage(), e);
    }
  }
}
