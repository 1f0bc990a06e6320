package io.ferrium.server.tls;

import io.ferrium.client.ChannelFactory;
import io.ferrium.client.TlsChannelFactory;
import io.ferrium.client.TlsClientOptions;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.tls.KubernetesSecretVolume;
import io.ferrium.tls.TestPki;
import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificates of a test cluster, mounted per node as Kubernetes mounts a cert-manager Secret
 * (files behind the atomic {@code ..data} link), so tests can rotate them as cert-manager does.
 */
final class ClusterPki implements AutoCloseable {
  private final Path root;
  private final Map<String, KubernetesSecretVolume> volumes = new ConcurrentHashMap<>();
  private final List<TlsChannelFactory> factories = new ArrayList<>();
  volatile Issued ca = TestPki.ca("cluster-ca", KeyType.EC);
  volatile List<Issued> trusted = List.of(ca);

  ClusterPki(Path root) {
    this.root = root;
  }

  /** Configures a node for mutual TLS on every surface, mounting a certificate from the current CA. */
  void configure(NodeConfig config) {
    Path dir = root.resolve("nodes").resolve(config.node.id);
    volumes.computeIfAbsent(config.node.id, id -> {
      KubernetesSecretVolume volume = new KubernetesSecretVolume(dir);
      publish(volume, TestPki.leaf(ca, id, KeyType.EC), trusted);
      return volume;
    });
    config.security.grpcTls = "mtls";
    config.security.httpTls = "mtls";
    config.security.raftTls = "mtls";
    config.security.certFile = dir.resolve("tls.crt").toString();
    config.security.keyFile = dir.resolve("tls.key").toString();
    config.security.caFile = dir.resolve("ca.crt").toString();
    config.security.reloadIntervalMs = 200;
  }

  /** Mounts a specific certificate for a node that has not started yet (or replaces it). */
  void mount(String nodeId, Issued leaf, List<Issued> cas) {
    KubernetesSecretVolume volume = volumes.computeIfAbsent(nodeId,
        id -> new KubernetesSecretVolume(root.resolve("nodes").resolve(id)));
    publish(volume, leaf, cas);
  }

  /** Renews every node's certificate from {@code issuer}, trusting {@code cas}; returns the new leaves. */
  Map<String, Issued> reissueAll(Issued issuer, List<Issued> cas) {
    Map<String, Issued> leaves = new ConcurrentHashMap<>();
    volumes.forEach((id, volume) -> {
      Issued leaf = TestPki.leaf(issuer, id, KeyType.EC);
      publish(volume, leaf, cas);
      leaves.put(id, leaf);
    });
    return leaves;
  }

  private static void publish(KubernetesSecretVolume volume, Issued leaf, List<Issued> cas) {
    try {
      volume.publish(dir -> TestPki.write(dir, leaf, cas.toArray(new Issued[0])));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client identity issued by {@code issuer}, trusting {@code cas}, written under {@code name}. */
  TlsClientOptions client(String name, Issued issuer, List<Issued> cas) {
    Path dir = root.resolve("clients").resolve(name);
    TestPki.write(dir, TestPki.leaf(issuer, name, KeyType.EC), cas.toArray(new Issued[0]));
    return TlsClientOptions.fromDirectory(dir).withReloadInterval(Duration.ofMillis(200));
  }

  ChannelFactory channels(TlsClientOptions options) {
    TlsChannelFactory factory = ChannelFactory.tls(options);
    factories.add(factory);
    return factory;
  }

  @Override
  public void close() {
    factories.forEach(TlsChannelFactory::close);
  }
}
