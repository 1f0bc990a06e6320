package io.ferrium.operator.e2e;

import static io.ferrium.operator.e2e.ClusterLifecycleTest.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.ferrium.client.FerriumClient;
import io.ferrium.operator.crd.CertificateInfo;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.operator.reconciler.Conditions;
import io.ferrium.operator.tls.PemCertificates;
import io.ferrium.server.FerriumNode;
import io.ferrium.tls.TestPki;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole user flow of a TLS cluster, on one cluster shared by the scenarios in order (each
 * leaves it healthy for the next): apply a FerriumCluster with TLS on and no issuer (the operator's
 * bootstrap CA), renew the leaves, rotate the CA, scale 3→5→3, delete a pod. Throughout, a client
 * writes through all pods' addresses, as a Service spreads it, and every acknowledged write is read
 * back; a plaintext client and one with a certificate from a foreign CA are refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class TlsClusterTest {
  private static final String NAME = "tc";
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final int MAX_WRITES = 30_000;
  private static final Duration MAX_WRITE_TIME = Duration.ofSeconds(90);

  @TempDir
  static Path root;
  private OperatorHarness harness;
  private CertManagerStandIn certManager;
  private ClientTlsFiles clientFiles;
  private Path foreignDir;
  private final Map<String, String> written = new HashMap<>();

  @BeforeAll
  void applyTlsCluster() {
    harness = new OperatorHarness(root.resolve("cluster"));
    certManager = harness.installCertManager();
    harness.create(NAME, 3, spec -> {
      spec.setTls(new io.ferrium.operator.crd.TlsSpec());
      spec.getTls().setEnabled(true);
    });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready() && certificatesReady());
    // The user's client, with the operator-issued client certificate (as the README shows for the CLI).
    clientFiles = new ClientTlsFiles(harness.client, OperatorHarness.NAMESPACE,
        FerriumResources.operatorCertificate(NAME), FerriumResources.trustBundle(NAME), root.resolve("client"));
    TestPki.Issued foreignCa = TestPki.ca("foreign CA", TestPki.KeyType.EC);
    foreignDir = root.resolve("foreign");
    TestPki.write(foreignDir, TestPki.leaf(foreignCa, "intruder", TestPki.KeyType.EC), foreignCa);
  }

  @AfterAll
  void stop() throws InterruptedException {
    try {
      assertThat(harness.requestsNotCoveredByRbac()).as("operator requests that its RBAC rules do not allow").isEmpty();
      assertThat(harness.operatorRequests).hasPositiveValue();
    } finally {
      clientFiles.close();
      harness.close();
    }
  }

  @Test
  @Order(1)
  void formsOverMutualTlsFromTheOperatorsOwnCertificates() throws Exception {
    assertThat(voters(statusOf("tc-0"))).containsExactlyInAnyOrder("tc-0", "tc-1", "tc-2");
    assertThat(harness.client.resources(Issuer.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems())
        .extracting(i -> i.getMetadata().getName()).containsExactlyInAnyOrder("tc-selfsigned", "tc-ca");
    assertThat(harness.client.resources(Certificate.class).inNamespace(OperatorHarness.NAMESPACE).list().getItems())
        .extracting(c -> c.getMetadata().getName()).containsExactlyInAnyOrder("tc-ca", "tc-tls", "tc-operator-client");
    List<CertificateInfo> certificates = harness.get(NAME).getStatus().getCertificates();
    assertThat(certificates).extracting(CertificateInfo::getName).containsExactlyInAnyOrder("tc-tls", "tc-operator-client");
    assertThat(certificates).allSatisfy(c -> assertThat(java.time.Instant.parse(c.getNotAfter()))
        .isAfter(java.time.Instant.now().plus(Duration.ofDays(80))));
    assertThat(harness.statefulSet(NAME).getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getName()).isEqualTo(FerriumResources.TLS_VOLUME));

    try (FerriumClient client = serviceClient(); BoundedWriter writer = new BoundedWriter(client, "form", 300, MAX_WRITE_TIME)) {
      await().atMost(TIMEOUT).until(writer::finished);
      assertThat(writer.failures()).isEmpty();
      assertThat(writer.acknowledgedCount()).isEqualTo(300);
      written.putAll(writer.acknowledged());
      assertThat(client.get("form-7")).contains("v7");
    }
    assertStrangersRefused();
  }

  @Test
  @Order(2)
  void renewedLeavesAreServedWithoutARestartOrAFailedRequest() throws Exception {
    Map<String, FerriumNode> nodes = nodes(3);
    Map<String, Integer> starts = starts(3);
    BigInteger before = servedSerial("tc-0");
    try (FerriumClient client = serviceClient()) {
      BoundedWriter writer = new BoundedWriter(client, "renew", MAX_WRITES, MAX_WRITE_TIME);
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= 50);

      certManager.renew(FerriumResources.podCertificate(NAME));
      certManager.renew(FerriumResources.operatorCertificate(NAME));
      await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
        BigInteger renewed = certManager.issued(FerriumResources.podCertificate(NAME)).orElseThrow().getSerialNumber();
        assertThat(renewed).isNotEqualTo(before);
        for (int i = 0; i < 3; i++) {
          assertThat(servedSerial("tc-" + i)).as("serial served by tc-%d", i).isEqualTo(renewed);
          assertThat(TlsProbe.serverCertificate(harness.kubelet.raftAddress("tc-" + i)).getSerialNumber())
              .as("serial served on the Raft port of tc-%d", i).isEqualTo(renewed);
        }
        assertThat(harness.get(NAME).getStatus().getCertificates()).extracting(CertificateInfo::getSerialNumber)
            .contains(renewed.toString(16));
      });
      int atRenewal = writer.acknowledgedCount();
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= atRenewal + 50);
      writer.stop();
      assertThat(writer.failures()).as("failed requests while the certificates were renewed").isEmpty();
      written.putAll(writer.acknowledged());
    }
    assertThat(nodes(3)).as("the same node processes serve (no pod restarted)").isEqualTo(nodes);
    assertThat(starts(3)).isEqualTo(starts);
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready() && certificatesReady());
    assertEveryAcknowledgedWriteIsRead();
    assertStrangersRefused();
  }

  @Test
  @Order(3)
  void rotatingTheCaKeepsServingAndLosesNoAcknowledgedWrite() throws Exception {
    X509Certificate oldCa = certManager.issued(FerriumResources.caCertificate(NAME)).orElseThrow();
    try (FerriumClient client = serviceClient()) {
      BoundedWriter writer = new BoundedWriter(client, "rotate", MAX_WRITES, MAX_WRITE_TIME);
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= 50);

      certManager.renew(FerriumResources.caCertificate(NAME));
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> trustBundle().size() == 2);
      assertStrangersRefused(); // trusting two CAs lets in neither a plaintext client nor a foreign CA's
      // The operator trusts the new CA everywhere first, then signs with it, has the leaves re-issued,
      // and finally drops the old CA from the bundle.
      await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
        X509Certificate newCa = certManager.issued(FerriumResources.caCertificate(NAME)).orElseThrow();
        assertThat(newCa.getSerialNumber()).isNotEqualTo(oldCa.getSerialNumber());
        for (int i = 0; i < 3; i++) {
          assertThat(servedCertificate("tc-" + i).getIssuerX500Principal()).isEqualTo(newCa.getSubjectX500Principal());
          servedCertificate("tc-" + i).verify(newCa.getPublicKey());
        }
        assertThat(trustBundle()).extracting(PemCertificates::fingerprint)
            .containsExactly(PemCertificates.fingerprint(newCa));
      });
      int atRotation = writer.acknowledgedCount();
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= atRotation + 50);
      writer.stop();
      assertThat(writer.failures()).as("failed requests while the CA was rotated").isEmpty();
      written.putAll(writer.acknowledged());
    }
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready() && certificatesReady());
    assertEveryAcknowledgedWriteIsRead();
    assertStrangersRefused();
  }

  @Test
  @Order(4)
  void scalesThreeFiveThreeWithTls() throws Exception {
    try (FerriumClient client = serviceClient()) {
      BoundedWriter writer = new BoundedWriter(client, "scale", MAX_WRITES, Duration.ofSeconds(150));
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= 50);
      harness.edit(NAME, spec -> spec.setReplicas(5));
      await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
        assertThat(voters(statusOf("tc-0"))).containsExactlyInAnyOrder("tc-0", "tc-1", "tc-2", "tc-3", "tc-4");
        assertThat(harness.get(NAME).getStatus().getReplicas()).isEqualTo(5);
      });
      harness.edit(NAME, spec -> spec.setReplicas(3));
      await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
        assertThat(voters(statusOf("tc-0"))).containsExactlyInAnyOrder("tc-0", "tc-1", "tc-2");
        assertThat(harness.statefulSet(NAME).getSpec().getReplicas()).isEqualTo(3);
        assertThat(harness.get(NAME).getStatus().getPhase()).isEqualTo("Running");
      });
      int atEnd = writer.acknowledgedCount();
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= atEnd + 20);
      writer.stop();
      written.putAll(writer.acknowledged());
      assertThat(writer.failures()).as("failed requests while scaling").hasSizeLessThan(writer.acknowledgedCount());
    }
    assertEveryAcknowledgedWriteIsRead();
    assertStrangersRefused();
  }

  @Test
  @Order(5)
  void aDeletedPodIsRecreatedAndRejoinsWithItsData() throws Exception {
    int starts = harness.kubelet.starts("tc-1");
    try (FerriumClient client = serviceClient()) {
      BoundedWriter writer = new BoundedWriter(client, "delete", MAX_WRITES, MAX_WRITE_TIME);
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= 50);
      harness.client.pods().inNamespace(OperatorHarness.NAMESPACE).withName("tc-1").delete();
      await().atMost(TIMEOUT).until(() -> harness.kubelet.starts("tc-1") == starts + 1);
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready()
          && voters(statusOf("tc-1")).size() == 3 && statusOf("tc-1").getLeaderId().length() > 0);
      int atReturn = writer.acknowledgedCount();
      await().atMost(TIMEOUT).until(() -> writer.acknowledgedCount() >= atReturn + 50);
      writer.stop();
      written.putAll(writer.acknowledged());
      assertThat(writer.failures()).as("failed requests while a pod was re-created").hasSizeLessThan(10);
    }
    // Its data survived: it has the writes from before it was deleted, read locally from it alone.
    try (FerriumClient direct = FerriumClient.builder().endpoints(List.of(harness.kubelet.apiAddress("tc-1")))
        .tls(clientFiles.options()).timeout(Duration.ofSeconds(20)).build()) {
      assertThat(direct.get("form-1")).contains("v1");
    }
    assertEveryAcknowledgedWriteIsRead();
    assertStrangersRefused();
  }

  private void assertEveryAcknowledgedWriteIsRead() {
    try (FerriumClient client = serviceClient()) {
      written.forEach((key, value) -> assertThat(client.get(key)).as(key).contains(value));
    }
  }

  private void assertStrangersRefused() {
    String address = harness.kubelet.apiAddress("tc-0");
    try (FerriumClient plaintext = FerriumClient.builder().endpoints(List.of(address)).timeout(Duration.ofSeconds(5))
        .build()) {
      assertThatThrownBy(() -> plaintext.put("intruder", "x")).as("a plaintext client").isInstanceOf(RuntimeException.class);
    }
    try (FerriumClient foreign = FerriumClient.builder().endpoints(List.of(address)).timeout(Duration.ofSeconds(5))
        .tls(io.ferrium.client.TlsClientOptions.fromDirectory(foreignDir)).build()) {
      assertThatThrownBy(() -> foreign.put("intruder", "x")).as("a client from a foreign CA")
          .isInstanceOf(RuntimeException.class);
    }
  }

  /** Every pod's address, as a Service spreads clients over them. */
  private FerriumClient serviceClient() {
    await().atMost(TIMEOUT).until(clientFiles::ready);
    int replicas = harness.statefulSet(NAME).getSpec().getReplicas();
    List<String> endpoints = IntStream.range(0, Math.min(replicas, 3)).mapToObj(i -> harness.kubelet.apiAddress("tc-" + i))
        .collect(Collectors.toList());
    return FerriumClient.builder().endpoints(endpoints).tls(clientFiles.options()).timeout(Duration.ofSeconds(20)).build();
  }

  private io.ferrium.api.v1.GetClusterStatusResponse statusOf(String pod) {
    try (FerriumClient client = FerriumClient.builder().endpoints(List.of(harness.kubelet.apiAddress(pod)))
        .tls(clientFiles == null ? null : clientFiles.options()).timeout(Duration.ofSeconds(5)).build()) {
      return client.clusterStatus();
    }
  }

  private List<X509Certificate> trustBundle() {
    return PemCertificates.fromSecretValue(harness.client.secrets().inNamespace(OperatorHarness.NAMESPACE)
        .withName(FerriumResources.trustBundle(NAME)).get().getData().get("ca.crt"));
  }

  private BigInteger servedSerial(String pod) throws Exception {
    return servedCertificate(pod).getSerialNumber();
  }

  private X509Certificate servedCertificate(String pod) throws Exception {
    return TlsProbe.serverCertificate(harness.kubelet.apiAddress(pod));
  }

  private Map<String, FerriumNode> nodes(int count) {
    Map<String, FerriumNode> nodes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      nodes.put("tc-" + i, harness.kubelet.node("tc-" + i).orElseThrow());
    }
    return nodes;
  }

  private Map<String, Integer> starts(int count) {
    Map<String, Integer> starts = new HashMap<>();
    for (int i = 0; i < count; i++) {
      starts.put("tc-" + i, harness.kubelet.starts("tc-" + i));
    }
    return starts;
  }

  private boolean ready() {
    FerriumCluster cluster = harness.get(NAME);
    return cluster.getStatus() != null && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.READY);
  }

  private boolean certificatesReady() {
    FerriumCluster cluster = harness.get(NAME);
    return cluster.getStatus() != null
        && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.CERTIFICATES_READY);
  }
}
