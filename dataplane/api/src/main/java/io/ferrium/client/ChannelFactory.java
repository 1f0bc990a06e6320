package io.ferrium.client;

import io.ferrium.tls.ReloadingTlsMaterial;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.Optional;

/**
 * Makes the gRPC channel to one endpoint ({@code host:port}). Channels run their callbacks on the
 * transport's I/O threads ({@code directExecutor}): a future of a call completes there, so code
 * chained to it must not block (use the {@code ...Async} forms of CompletableFuture to move
 * elsewhere). Handing each response to a pool thread instead costs a thread wake-up per call.
 */
@FunctionalInterface
public interface ChannelFactory {
  /** Largest response a client accepts. */
  int MAX_INBOUND_MESSAGE_BYTES = 64 * 1024 * 1024;

  /** Plaintext HTTP/2. */
  ChannelFactory PLAINTEXT = target -> NettyChannelBuilder.forTarget(target)
      .usePlaintext()
      .directExecutor()
      .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
      .build();

  ManagedChannel open(String target);

  /**
   * TLS, or mutual TLS when the options carry a client certificate. Reads the files now and fails
   * with a {@link io.ferrium.tls.TlsMaterialException} naming a missing or malformed one; then
   * watches them until {@link TlsChannelFactory#close()}.
   */
  static TlsChannelFactory tls(TlsClientOptions options) {
    return TlsChannelFactory.fromOptions(options);
  }

  /**
   * TLS with material the caller owns (for instance a node's own identity, shared with its server
   * side); closing the factory leaves it running.
   */
  static TlsChannelFactory tls(ReloadingTlsMaterial material) {
    return TlsChannelFactory.fromMaterial(material, Optional.empty());
  }
}
