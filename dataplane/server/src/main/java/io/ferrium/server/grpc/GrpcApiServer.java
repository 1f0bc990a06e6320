package io.ferrium.server.grpc;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The node's client gRPC endpoint: KvService, ManagementService, {@code grpc.health.v1.Health}
 * and server reflection. Health reports the whole server ("") as serving while the process runs,
 * and {@code ferrium.v1.KvService} as serving only while the node is a member with a known leader.
 *
 * <p>Calls run on the transport's I/O threads ({@code directExecutor}): a handler must not block.
 * KV operations only start work and complete a future; handlers whose work blocks (membership
 * changes, snapshots, scans) hand it to an executor of their own. Handing every call to a pool thread
 * instead cost the leader about a third of its CPU in thread wake-ups (async-profiler, put load).
 */
public final class GrpcApiServer implements AutoCloseable {
  public static final String KV_SERVICE = "ferrium.v1.KvService";
  static final int FLOW_CONTROL_WINDOW_BYTES = 1 << 20;

  private final Server server;
  private final HealthStatusManager health = new HealthStatusManager();

  public GrpcApiServer(String host, int port, int maxMessageBytes, List<BindableService> services,
      ServerInterceptor interceptor, Optional<SslContext> tls) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .maxInboundMessageSize(maxMessageBytes)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        // A fixed window: with gRPC's automatic tuning, 64 clients writing 1 MiB values on loopback
        // had the node buffer tens of MiB of requests in direct memory until it ran out.
        .flowControlWindow(FLOW_CONTROL_WINDOW_BYTES)
        .directExecutor();
    services.forEach(s -> builder.addService(ServerInterceptors.intercept(s, interceptor)));
    tls.ifPresent(builder::sslContext);
    builder.addService(health.getHealthService());
    builder.addService(ProtoReflectionServiceV1.newInstance());
    this.server = builder.build();
  }

  public GrpcApiServer start() throws IOException {
    server.start();
    health.setStatus("", ServingStatus.SERVING);
    health.setStatus(KV_SERVICE, ServingStatus.NOT_SERVING);
    return this;
  }

  public int port() {
    return server.getPort();
  }

  /** Marks the KV service as able to serve, or not. */
  public void setKvServing(boolean serving) {
    health.setStatus(KV_SERVICE, serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
  }

  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
