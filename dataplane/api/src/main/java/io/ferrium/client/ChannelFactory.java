package io.ferrium.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Makes the gRPC channel to one endpoint ({@code host:port}). */
@FunctionalInterface
public interface ChannelFactory {
  /** Plaintext HTTP/2. */
  ChannelFactory PLAINTEXT = target -> NettyChannelBuilder.forTarget(target)
      .usePlaintext()
      .maxInboundMessageSize(64 * 1024 * 1024)
      .build();

  ManagedChannel open(String target);
}
