package io.ferrium.tls;

import javax.net.ssl.SSLParameters;

/** Whether a TLS server asks its clients for a certificate. */
public enum ClientAuth {
  /** Plain TLS: clients stay anonymous. */
  NONE,
  /** Clients may present a certificate; if they do, it must chain to the CA bundle. */
  OPTIONAL,
  /** Mutual TLS: clients must present a certificate chaining to the CA bundle. */
  REQUIRE;

  /** Sets want/need-client-auth on JSSE parameters (e.g. for an {@code SSLEngine} or Jetty). */
  public void applyTo(SSLParameters parameters) {
    switch (this) {
      case NONE -> parameters.setWantClientAuth(false); // also clears need
      case OPTIONAL -> parameters.setWantClientAuth(true);
      case REQUIRE -> parameters.setNeedClientAuth(true);
    }
  }

  io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth toNetty() {
    return switch (this) {
      case NONE -> io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.NONE;
      case OPTIONAL -> io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.OPTIONAL;
      case REQUIRE -> io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE;
    };
  }
}
