package io.ferrium.server.tls;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.client.ChannelFactory;
import io.ferrium.client.FerriumClient;
import io.ferrium.client.FerriumClientException;
import io.ferrium.client.TlsClientOptions;
import io.ferrium.server.FerriumNode;
import io.ferrium.server.cluster.MiniCluster;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.tls.ReloadingTlsMaterial;
import io.ferrium.tls.TestPki;
import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A 3-node cluster with mutual TLS on every surface: who gets in, and rotations without restarts. */
@Timeout(400)
class TlsClusterTest {
  @TempDir
  Path dir;

  @Test
  void serveOverMutualTlsAndRefuseEveryoneElse() throws Exception {
    try (ClusterPki pki = new ClusterPki(dir)) {
      TlsClientOptions good = pki.client("good", pki.ca, List.of(pki.ca));
      runWithNewCluster(3, pki::configure, pki.channels(good), cluster -> {
        FerriumClient client = cluster.client();
        client.put("secret", "kept");
        for (MiniCluster.Peer peer : cluster.peers()) {
          assertThat(cluster.client(peer.id()).get("secret")).contains("kept");
          HttpResponse<String> read = https(material(good), peer.node(), "/read", "{\"key\":\"secret\"}");
          assertThat(read.statusCode()).isEqualTo(200);
          assertThat(read.body()).contains("\"value\":\"kept\"");
        }
        String api = cluster.peers().get(0).apiAddress();

        Issued foreignCa = TestPki.ca("foreign-ca", KeyType.RSA);
        assertRefused(pki.channels(TlsClientOptions.trusting(Path.of(good.caFile().toString()))), api);
        assertRefused(pki.channels(pki.client("foreign", foreignCa, List.of(pki.ca))), api);
        assertRefused(ChannelFactory.PLAINTEXT, api);
        assertThatThrownBy(() -> https(material(TlsClientOptions.trusting(good.caFile())),
            cluster.peers().get(0).node(), "/read", "{\"key\":\"secret\"}"))
            .as("HTTPS without a client certificate").isInstanceOf(java.io.IOException.class);

        // A node whose certificate comes from another CA cannot join: peers refuse its handshakes.
        pki.mount("intruder", TestPki.leaf(foreignCa, "intruder", KeyType.RSA), List.of(pki.ca, foreignCa));
        NodeConfig intruderConfig = MiniCluster.testConfig("intruder", dir.resolve("intruder-data"));
        pki.configure(intruderConfig);
        try (FerriumNode intruder = FerriumNode.start(intruderConfig)) {
          assertThatThrownBy(() -> cluster.management(cluster.awaitLeader()).addMember(
              AddMemberRequest.newBuilder().setMember(intruder.self()).build()))
              .isInstanceOf(StatusRuntimeException.class);
          assertThat(cluster.management(cluster.awaitLeader())
              .getClusterStatus(GetClusterStatusRequest.getDefaultInstance()).getMembersList())
              .extracting(m -> m.getMember().getId()).containsExactlyInAnyOrder("n1", "n2", "n3");
        }
        assertThat(client.get("secret")).contains("kept");
      });
    }
  }

  @Test
  void renewedLeavesAreServedToNewConnectionsWithoutAFailedRequestOrARestart() throws Exception {
    try (ClusterPki pki = new ClusterPki(dir)) {
      TlsClientOptions client = pki.client("writer", pki.ca, List.of(pki.ca));
      runWithNewCluster(3, pki::configure, pki.channels(client), cluster -> {
        try (Writer writer = new Writer(cluster.client())) {
          writer.awaitProgress();
          Map<String, Issued> renewed = pki.reissueAll(pki.ca, List.of(pki.ca));
          for (MiniCluster.Peer peer : cluster.peers()) {
            BigInteger expected = renewed.get(peer.id()).serial();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(servedSerial(material(client), peer.node())).isEqualTo(expected));
          }
          writer.awaitProgress();
          assertThat(writer.failures()).as("failed writes during the rotation").isZero();
        }
        assertThat(cluster.peers()).allMatch(MiniCluster.Peer::running);
      });
    }
  }

  @Test
  void caRotationKeepsTheClusterServingAndANewCaOnlyNodeJoins() throws Exception {
    try (ClusterPki pki = new ClusterPki(dir)) {
      Issued oldCa = pki.ca;
      Issued newCa = TestPki.ca("cluster-ca-2", KeyType.EC);
      TlsClientOptions client = pki.client("rotating", oldCa, List.of(oldCa));
      runWithNewCluster(3, pki::configure, pki.channels(client), cluster -> {
        try (Writer writer = new Writer(cluster.client())) {
          writer.awaitProgress();
          // 1. Trust both CAs everywhere. 2. Reissue every leaf from the new CA. 3. Drop the old CA.
          awaitEveryNodeUses(cluster, pki.reissueAll(oldCa, List.of(oldCa, newCa)), 2);
          pki.client("rotating", oldCa, List.of(oldCa, newCa));
          writer.awaitProgress();
          awaitEveryNodeUses(cluster, pki.reissueAll(newCa, List.of(oldCa, newCa)), 2);
          pki.client("rotating", newCa, List.of(oldCa, newCa));
          writer.awaitProgress();
          awaitEveryNodeUses(cluster, pki.reissueAll(newCa, List.of(newCa)), 1);
          pki.client("rotating", newCa, List.of(newCa));
          writer.awaitProgress();
          assertThat(writer.failures()).as("failed writes during the CA rotation").isZero();
          for (MiniCluster.Peer peer : cluster.peers()) {
            assertThat(issuerOf(material(client), peer.node())).contains("cluster-ca-2");
          }
        }
        pki.ca = newCa;
        pki.trusted = List.of(newCa);
        MiniCluster.Peer joined = cluster.addNewPeers(1).get(0);
        assertThat(cluster.client(joined.id()).get("w-0")).contains("v");
      });
    }
  }

  @Test
  void badMaterialStopsAStartingNodeButARunningNodeKeepsItsLastGoodCertificate() throws Exception {
    try (ClusterPki pki = new ClusterPki(dir)) {
      NodeConfig garbage = MiniCluster.testConfig("garbage", dir.resolve("garbage-data"));
      pki.configure(garbage);
      Files.writeString(Path.of(garbage.security.certFile).toRealPath(), "not a certificate");
      assertThatThrownBy(() -> FerriumNode.start(garbage)).hasMessageContaining("tls.crt");

      Issued expired = TestPki.leaf(pki.ca, "expired", KeyType.EC, Instant.now().minus(Duration.ofDays(2)),
          Instant.now().minus(Duration.ofDays(1)));
      pki.mount("expired", expired, List.of(pki.ca));
      NodeConfig expiredConfig = MiniCluster.testConfig("expired", dir.resolve("expired-data"));
      pki.configure(expiredConfig);
      assertThatThrownBy(() -> FerriumNode.start(expiredConfig)).hasMessageContaining("expired");

      TlsClientOptions client = pki.client("survivor", pki.ca, List.of(pki.ca));
      runWithNewCluster(1, pki::configure, pki.channels(client), cluster -> {
        FerriumNode node = cluster.peers().get(0).node();
        BigInteger before = servedSerial(material(client), node);
        Files.writeString(Path.of(node.config().security.certFile).toRealPath(), "-----BEGIN CERTIFICATE-----\ngarbage");
        ReloadingTlsMaterial nodeMaterial = node.tls().material().orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> nodeMaterial.lastError().isPresent());
        assertThat(nodeMaterial.lastError().get()).hasMessageContaining("tls.crt");
        cluster.client().put("still", "serving");
        assertThat(servedSerial(material(client), node)).isEqualTo(before);
      });
    }
  }

  private static void assertRefused(ChannelFactory channels, String endpoint) {
    try (FerriumClient outsider = FerriumClient.builder().endpoints(List.of(endpoint)).channelFactory(channels)
        .timeout(Duration.ofSeconds(3)).build()) {
      assertThatThrownBy(() -> outsider.put("k", "v")).isInstanceOf(FerriumClientException.class)
          .satisfies(e -> assertThat(((FerriumClientException) e).code()).isIn(Status.Code.UNAVAILABLE,
              Status.Code.DEADLINE_EXCEEDED));
    }
  }

  /** Waits until every node has reloaded its files: its leaf is the given one and it trusts {@code cas} CAs. */
  private static void awaitEveryNodeUses(MiniCluster cluster, Map<String, Issued> leaves, int cas) {
    for (MiniCluster.Peer peer : cluster.peers()) {
      ReloadingTlsMaterial material = peer.node().tls().material().orElseThrow();
      await().atMost(Duration.ofSeconds(30)).until(() -> material.current().caCertificates().size() == cas
          && material.current().leaf().map(X509Certificate::getSerialNumber)
              .equals(java.util.Optional.of(leaves.get(peer.id()).serial())));
    }
  }

  private static ReloadingTlsMaterial material(TlsClientOptions options) {
    return ReloadingTlsMaterial.builder(new io.ferrium.tls.TlsFiles(options.certificateFile(), options.keyFile(),
        java.util.Optional.of(options.caFile()))).pollInterval(Duration.ZERO).start();
  }

  private static HttpResponse<String> https(ReloadingTlsMaterial material, FerriumNode node, String path, String body)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(material.sslContext())
        .connectTimeout(Duration.ofSeconds(10)).build();
    return http.send(HttpRequest.newBuilder(URI.create("https://" + node.self().getHttpAddress() + path))
        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The serial of the certificate a node presents to a new TLS connection (on its HTTPS port). */
  private static BigInteger servedSerial(ReloadingTlsMaterial material, FerriumNode node) throws Exception {
    return served(material, node).getSerialNumber();
  }

  private static String issuerOf(ReloadingTlsMaterial material, FerriumNode node) throws Exception {
    return served(material, node).getIssuerX500Principal().getName();
  }

  private static X509Certificate served(ReloadingTlsMaterial material, FerriumNode node) throws Exception {
    SSLContext context = material.sslContext();
    String[] hostPort = node.self().getHttpAddress().split(":");
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(hostPort[0],
        Integer.parseInt(hostPort[1]))) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  /** Writes continuously (bounded) and counts failures. */
  private static final class Writer implements AutoCloseable {
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Writer(FerriumClient client) {
      thread = new Thread(() -> {
        for (int i = 0; running.get() && i < 100_000; i++) {
          try {
            client.put("w-" + (i % 100), "v");
            done.incrementAndGet();
          } catch (RuntimeException e) {
            failed.incrementAndGet();
          }
        }
      }, "tls-test-writer");
      thread.start();
    }

    void awaitProgress() {
      int start = done.get();
      await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= start + 20);
    }

    int failures() {
      return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(60_000);
    }
  }
}
