package io.ferrium.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.certmanager.api.model.v1.IssuerBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.ferrium.client.FerriumClient;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.TlsSpec;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.operator.reconciler.Conditions;
import io.ferrium.tls.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** TLS without cert-manager, then with it installed; and certificates from the user's own issuer. */
class CertificatesTest extends OperatorTestBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String NS = OperatorHarness.NAMESPACE;

  @Test
  void withoutCertManagerTheConditionSaysSoAndTheClusterStartsOnceItIsInstalled() {
    harness.create("plain", 1, spec -> { });
    harness.create("secure", 1, spec -> spec.setTls(tls(null)));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      Condition condition = condition("secure", Conditions.CERTIFICATES_READY).orElseThrow();
      assertThat(condition.getStatus()).isEqualTo("False");
      assertThat(condition.getReason()).isEqualTo("CertManagerNotInstalled");
      assertThat(condition.getMessage()).contains("cert-manager is not installed", "install cert-manager",
          "pods are not started");
      assertThat(condition("plain", Conditions.READY).orElseThrow().getStatus()).isEqualTo("True");
    });
    // The plain cluster knows nothing of certificates; the TLS one waits with its pods not created.
    assertThat(condition("plain", Conditions.CERTIFICATES_READY)).isEmpty();
    assertThat(harness.get("plain").getStatus().getCertificates()).isNull();
    assertThat(harness.statefulSet("secure")).isNull();
    assertThat(harness.client.services().inNamespace(NS).withName(FerriumResources.peerService("secure")).get()).isNotNull();
    assertThat(harness.client.configMaps().inNamespace(NS).withName(FerriumResources.configMap("secure")).get()).isNotNull();
    assertThat(harness.client.resources(Certificate.class).inNamespace(NS).list().getItems()).isEmpty();
    assertThat(harness.client.v1().events().inNamespace(NS).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("CertManagerNotInstalled"));

    harness.installCertManager();
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(condition("secure", Conditions.CERTIFICATES_READY).orElseThrow().getStatus()).isEqualTo("True");
      assertThat(condition("secure", Conditions.READY).orElseThrow().getStatus()).isEqualTo("True");
    });
    assertThat(harness.client.resources(Certificate.class).inNamespace(NS).list().getItems())
        .extracting(c -> c.getMetadata().getName()).allSatisfy(n -> assertThat(n).startsWith("secure-"));
  }

  @Test
  void aUsersCaIssuerSignsThePodAndOperatorCertificates() throws Exception {
    CertManagerStandIn certManager = harness.installCertManager();
    TestPki.Issued corporate = TestPki.ca("Corporate CA", TestPki.KeyType.EC);
    harness.client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("corp-ca")
        .withNamespace(NS).endMetadata()
        .addToData("tls.crt", base64(TestPki.pem(corporate.certificate())))
        .addToData("tls.key", base64(TestPki.keyPem(corporate.key(), TestPki.KeyEncoding.PKCS8)))
        .build()).create();
    harness.client.resources(Issuer.class).inNamespace(NS).resource(new IssuerBuilder().withNewMetadata()
        .withName("corp").withNamespace(NS).endMetadata()
        .withNewSpec().withNewCa().withSecretName("corp-ca").endCa().endSpec().build()).create();
    TlsSpec.IssuerRef ref = new TlsSpec.IssuerRef();
    ref.setName("corp");
    harness.create("own", 1, spec -> spec.setTls(tls(ref)));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(condition("own", Conditions.CERTIFICATES_READY).orElseThrow().getStatus()).isEqualTo("True");
      assertThat(condition("own", Conditions.READY).orElseThrow().getStatus()).isEqualTo("True");
    });
    assertThat(harness.client.resources(Issuer.class).inNamespace(NS).list().getItems())
        .extracting(i -> i.getMetadata().getName()).as("no bootstrap chain").containsExactly("corp");
    assertThat(TlsProbe.serverCertificate(harness.kubelet.apiAddress("own-0")).getIssuerX500Principal())
        .isEqualTo(corporate.certificate().getSubjectX500Principal());
    assertThat(certManager.issued(FerriumResources.operatorCertificate("own")).orElseThrow().getIssuerX500Principal())
        .isEqualTo(corporate.certificate().getSubjectX500Principal());
    try (ClientTlsFiles files = new ClientTlsFiles(harness.client, NS, FerriumResources.operatorCertificate("own"),
        FerriumResources.trustBundle("own"), root.resolve("client"));
        FerriumClient client = FerriumClient.builder().endpoints(List.of(harness.kubelet.apiAddress("own-0")))
            .tls(files.options()).timeout(Duration.ofSeconds(20)).build()) {
      client.put("k", "v");
      assertThat(client.get("k")).contains("v");
    }
  }

  private Optional<Condition> condition(String cluster, String type) {
    FerriumCluster c = harness.get(cluster);
    return c.getStatus() == null ? Optional.empty() : Conditions.find(c.getStatus().getConditions(), type);
  }

  private static TlsSpec tls(TlsSpec.IssuerRef issuer) {
    TlsSpec tls = new TlsSpec();
    tls.setEnabled(true);
    tls.setIssuerRef(issuer);
    return tls;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }
}
