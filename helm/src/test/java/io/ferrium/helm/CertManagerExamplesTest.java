package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * certs/cert-manager/*.yaml: each file is a self-signed bootstrap whose chain holds together — the CA
 * Certificate is issued by the file's self-signed issuer, and the CA issuer signs with the Secret that
 * Certificate writes (for a ClusterIssuer, in cert-manager's cluster resource namespace).
 */
class CertManagerExamplesTest {
  private static final Path DIR = Manifests.REPO.resolve("certs/cert-manager");

  @Test
  void namespacedIssuerChain() {
    checkChain(Manifests.read(DIR.resolve("ca-issuer.yaml")), "Issuer");
  }

  @Test
  void clusterIssuerChainKeepsItsCaInTheClusterResourceNamespace() {
    List<JsonNode> objects = Manifests.read(DIR.resolve("ca-cluster-issuer.yaml"));
    checkChain(objects, "ClusterIssuer");
    assertThat(Manifests.get(objects, "Certificate", "ferrium-ca").at("/metadata/namespace").asText()).isEqualTo("cert-manager");
  }

  @Test
  void everyFileIsCovered() {
    assertThat(Manifests.yamlFiles(DIR)).extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("ca-issuer.yaml", "ca-cluster-issuer.yaml");
  }

  private static void checkChain(List<JsonNode> objects, String issuerKind) {
    assertThat(objects).allMatch(o -> o.path("apiVersion").asText().equals("cert-manager.io/v1"));
    assertThat(objects).extracting(o -> o.path("kind").asText())
        .containsExactlyInAnyOrder(issuerKind, "Certificate", issuerKind);
    JsonNode selfSigned = Manifests.get(objects, issuerKind, "ferrium-selfsigned");
    assertThat(selfSigned.at("/spec/selfSigned").isObject()).isTrue();

    JsonNode ca = Manifests.get(objects, "Certificate", "ferrium-ca");
    assertThat(ca.at("/spec/isCA").asBoolean()).isTrue();
    // A renewal that kept the key leaves every issued certificate valid under either CA certificate.
    assertThat(ca.at("/spec/privateKey/rotationPolicy").asText()).isEqualTo("Never");
    assertThat(ca.at("/spec/issuerRef/kind").asText()).isEqualTo(issuerKind);
    assertThat(ca.at("/spec/issuerRef/name").asText()).isEqualTo(selfSigned.at("/metadata/name").asText());
    assertThat(ca.at("/spec/issuerRef/group").asText()).isEqualTo("cert-manager.io");

    JsonNode caIssuer = Manifests.get(objects, issuerKind, "ferrium-ca");
    assertThat(caIssuer.at("/spec/ca/secretName").asText()).isEqualTo(ca.at("/spec/secretName").asText());
    assertThat(selfSigned.at("/metadata/namespace").isMissingNode()).isTrue();
    assertThat(caIssuer.at("/metadata/namespace").isMissingNode()).isTrue();
  }
}
