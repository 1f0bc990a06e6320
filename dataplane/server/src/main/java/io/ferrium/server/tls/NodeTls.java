package io.ferrium.server.tls;

import io.ferrium.client.ChannelFactory;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.tls.ClientAuth;
import io.ferrium.tls.ReloadingTlsMaterial;
import io.ferrium.tls.TlsFiles;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

/**
 * The node's TLS: one reloading key and trust manager pair (PEM files, re-read when they change)
 * shared by the three surfaces, each off, TLS or mutual TLS as configured in {@code [security]}.
 */
public final class NodeTls implements AutoCloseable {
  /** How one surface is protected. */
  public enum Mode {
    OFF, TLS, MTLS;

    static Mode of(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }

    ClientAuth clientAuth() {
      return this == MTLS ? ClientAuth.REQUIRE : ClientAuth.NONE;
    }
  }

  private final Mode grpc;
  private final Mode http;
  private final Mode raft;
  private final Optional<ReloadingTlsMaterial> material;

  private NodeTls(Mode grpc, Mode http, Mode raft, Optional<ReloadingTlsMaterial> material) {
    this.grpc = grpc;
    this.http = http;
    this.raft = raft;
    this.material = material;
  }

  /**
   * Reads the certificate, key and CA files when any surface uses TLS. A missing, unreadable,
   * malformed or expired file stops the start with a message naming it.
   */
  public static NodeTls from(NodeConfig.Security security) {
    Mode grpc = Mode.of(security.grpcTls);
    Mode http = Mode.of(security.httpTls);
    Mode raft = Mode.of(security.raftTls);
    if (grpc == Mode.OFF && http == Mode.OFF && raft == Mode.OFF) {
      return new NodeTls(grpc, http, raft, Optional.empty());
    }
    TlsFiles files = new TlsFiles(Optional.of(Path.of(security.certFile)), Optional.of(Path.of(security.keyFile)),
        security.caFile.isBlank() ? Optional.empty() : Optional.of(Path.of(security.caFile)));
    ReloadingTlsMaterial material = ReloadingTlsMaterial.builder(files)
        .pollInterval(Duration.ofMillis(security.reloadIntervalMs)).start();
    try {
      material.checkNotExpired();
    } catch (RuntimeException e) {
      material.close();
      throw e;
    }
    return new NodeTls(grpc, http, raft, Optional.of(material));
  }

  /** The client gRPC API's server context, when that surface uses TLS. */
  public Optional<SslContext> grpcServer() {
    return grpc == Mode.OFF ? Optional.empty() : material.map(m -> m.grpcServerContext(grpc.clientAuth()));
  }

  /** How this node opens gRPC channels to other nodes' client APIs (presenting its own certificate). */
  public ChannelFactory peerChannels() {
    return grpc == Mode.OFF ? ChannelFactory.PLAINTEXT : ChannelFactory.tls(material.orElseThrow());
  }

  /** The HTTP API's JSSE context, when that surface uses TLS. */
  public Optional<SSLContext> https() {
    return http == Mode.OFF ? Optional.empty() : material.map(ReloadingTlsMaterial::sslContext);
  }

  public boolean httpNeedsClientCertificate() {
    return http == Mode.MTLS;
  }

  /** Ratis parameters: TLS on peer traffic (server, client and admin channels) when configured. */
  public Parameters ratisParameters() {
    Parameters parameters = new Parameters();
    if (raft != Mode.OFF) {
      ReloadingTlsMaterial m = material.orElseThrow();
      GrpcTlsConfig conf = new GrpcTlsConfig(m.keyManager(), m.trustManager(), raft == Mode.MTLS);
      GrpcConfigKeys.Server.setTlsConf(parameters, conf);
      GrpcConfigKeys.Client.setTlsConf(parameters, conf);
      GrpcConfigKeys.Admin.setTlsConf(parameters, conf);
    }
    return parameters;
  }

  /** The loaded material, if any surface uses TLS. */
  public Optional<ReloadingTlsMaterial> material() {
    return material;
  }

  @Override
  public void close() {
    material.ifPresent(ReloadingTlsMaterial::close);
  }
}
