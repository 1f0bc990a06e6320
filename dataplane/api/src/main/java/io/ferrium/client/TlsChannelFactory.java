package io.ferrium.client;

import io.ferrium.tls.ReloadingTlsMaterial;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NegotiationType;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.Optional;

/**
 * Opens TLS channels: the server certificate must chain to the CA bundle and name the endpoint's host
 * (or the configured authority); a client certificate is presented when one is configured. Material
 * changes on disk apply to connections opened afterwards.
 */
public final class TlsChannelFactory implements ChannelFactory, AutoCloseable {
  private final ReloadingTlsMaterial material;
  private final boolean ownsMaterial;
  private final SslContext sslContext;
  private final Optional<String> authority;

  private TlsChannelFactory(ReloadingTlsMaterial material, boolean ownsMaterial, Optional<String> authority) {
    this.material = material;
    this.ownsMaterial = ownsMaterial;
    this.authority = authority;
    try {
      this.sslContext = material.grpcClientContext();
    } catch (RuntimeException e) {
      if (ownsMaterial) {
        material.close();
      }
      throw e;
    }
  }

  /** Reads the files now (failing with a message naming a bad file) and watches them. */
  static TlsChannelFactory fromOptions(TlsClientOptions options) {
    ReloadingTlsMaterial material = ReloadingTlsMaterial.builder(options.files())
        .pollInterval(options.reloadInterval()).start();
    return new TlsChannelFactory(material, true, options.authority());
  }

  /** Uses material owned (and closed) by the caller, e.g. a node's own identity. */
  static TlsChannelFactory fromMaterial(ReloadingTlsMaterial material, Optional<String> authority) {
    return new TlsChannelFactory(material, false, authority);
  }

  @Override
  public ManagedChannel open(String target) {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
        .negotiationType(NegotiationType.TLS)
        .sslContext(sslContext)
        .directExecutor()
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES);
    authority.ifPresent(builder::overrideAuthority);
    return builder.build();
  }

  /** The material this factory uses. */
  public ReloadingTlsMaterial material() {
    return material;
  }

  /** Stops watching the files if this factory read them itself; open channels are not affected. */
  @Override
  public void close() {
    if (ownsMaterial) {
      material.close();
    }
  }
}
