package io.ferrium.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.TlsSpec;
import io.ferrium.operator.model.ClusterSpec;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.operator.model.NodeConfigToml;
import io.ferrium.operator.model.StatefulSetModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The cert-manager objects and the pods' TLS wiring, built without a cluster. */
class CertificateModelTest {
  @Test
  void withoutAnIssuerTheOperatorBootstrapsItsOwnCaChain() {
    ClusterSpec spec = ClusterSpec.from(cluster(null));
    assertThat(CertificateModel.desired(spec)).extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly("Issuer/kv-selfsigned", "Certificate/kv-ca", "Issuer/kv-ca", "Certificate/kv-tls",
            "Certificate/kv-operator-client");

    Issuer selfSigned = CertificateModel.selfSignedIssuer(spec);
    assertThat(selfSigned.getSpec().getSelfSigned()).isNotNull();
    Certificate ca = CertificateModel.caCertificate(spec);
    assertThat(ca.getSpec().getIsCA()).isTrue();
    assertThat(ca.getSpec().getIssuerRef().getName()).isEqualTo("kv-selfsigned");
    assertThat(ca.getSpec().getSecretName()).isEqualTo("kv-ca");
    // The CA Issuer signs from the signing Secret, which the operator moves to a new CA only once trusted.
    assertThat(CertificateModel.caIssuer(spec).getSpec().getCa().getSecretName()).isEqualTo("kv-ca-signing");
    assertThat(CertificateModel.podCertificate(spec).getSpec().getIssuerRef().getName()).isEqualTo("kv-ca");
    assertThat(CertificateModel.operatorCertificate(spec).getSpec().getIssuerRef().getName()).isEqualTo("kv-ca");
    for (HasMetadata object : CertificateModel.desired(spec)) {
      assertThat(object.getMetadata().getNamespace()).isEqualTo("prod");
      assertThat(object.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(o -> assertThat(o.getKind()).isEqualTo("FerriumCluster"));
      assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(FerriumResources.labels("kv"));
    }
  }

  @Test
  void podCertificateNamesEveryPodAndServiceForServerAndClientUse() {
    ClusterSpec spec = ClusterSpec.from(cluster(issuer("corp-ca", "ClusterIssuer")));
    Certificate pod = CertificateModel.podCertificate(spec);
    assertThat(pod.getSpec().getSecretName()).isEqualTo("kv-tls");
    assertThat(pod.getSpec().getDnsNames()).contains("*.kv-peers.prod.svc", "*.kv-peers.prod.svc.cluster.local",
        "kv", "kv.prod", "kv.prod.svc", "kv.prod.svc.cluster.local", "localhost");
    assertThat(pod.getSpec().getIpAddresses()).containsExactly("127.0.0.1");
    assertThat(pod.getSpec().getUsages()).contains("server auth", "client auth");
    assertThat(pod.getSpec().getDuration().getDuration()).isEqualTo(Duration.ofHours(720));
    assertThat(pod.getSpec().getRenewBefore().getDuration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(pod.getSpec().getPrivateKey().getRotationPolicy()).isEqualTo("Always");
    assertThat(pod.getSpec().getIssuerRef().getName()).isEqualTo("corp-ca");
    assertThat(pod.getSpec().getIssuerRef().getKind()).isEqualTo("ClusterIssuer");
    assertThat(pod.getSpec().getIssuerRef().getGroup()).isEqualTo("cert-manager.io");

    Certificate operator = CertificateModel.operatorCertificate(spec);
    assertThat(operator.getSpec().getSecretName()).isEqualTo("kv-operator-client");
    assertThat(operator.getSpec().getUsages()).contains("client auth").doesNotContain("server auth");
    assertThat(operator.getSpec().getCommonName()).isEqualTo(CertificateModel.OPERATOR_COMMON_NAME);
    // With the user's issuer there is no bootstrap chain.
    assertThat(CertificateModel.desired(spec)).extracting(HasMetadata::getKind).containsOnly("Certificate").hasSize(2);
  }

  @Test
  void podsMountThePodCertificateAndTheTrustBundleAndServeTlsEverywhere() {
    ClusterSpec spec = ClusterSpec.from(cluster(null));
    StatefulSet set = StatefulSetModel.build(spec, 3);
    Volume tls = set.getSpec().getTemplate().getSpec().getVolumes().stream()
        .filter(v -> v.getName().equals(FerriumResources.TLS_VOLUME)).findFirst().orElseThrow();
    assertThat(tls.getProjected().getSources()).extracting(s -> s.getSecret().getName())
        .containsExactly("kv-tls", "kv-trust");
    assertThat(tls.getProjected().getSources().get(0).getSecret().getItems()).extracting(i -> i.getKey())
        .containsExactly("tls.crt", "tls.key");
    assertThat(tls.getProjected().getSources().get(1).getSecret().getItems()).extracting(i -> i.getKey())
        .containsExactly("ca.crt");
    Container node = set.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(node.getVolumeMounts()).anySatisfy(m -> {
      assertThat(m.getName()).isEqualTo(FerriumResources.TLS_VOLUME);
      assertThat(m.getMountPath()).isEqualTo(FerriumResources.TLS_DIR);
    });
    assertThat(node.getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");
    assertThat(node.getLivenessProbe().getHttpGet().getScheme()).isEqualTo("HTTPS");

    String toml = NodeConfigToml.render(spec);
    assertThat(toml).contains("[security]", "grpc-tls = \"mtls\"", "raft-tls = \"mtls\"", "http-tls = \"tls\"",
        "cert-file = \"/etc/ferrium/tls/tls.crt\"", "key-file = \"/etc/ferrium/tls/tls.key\"",
        "ca-file = \"/etc/ferrium/tls/ca.crt\"");
    assertThat(NodeConfigToml.isSettable("security.grpc-tls")).isFalse();
    assertThat(NodeConfigToml.isSettable("security.reload-interval-ms")).isTrue();
  }

  @Test
  void withTlsOffNothingOfItAppears() {
    FerriumCluster cluster = cluster(null);
    cluster.getSpec().getTls().setEnabled(false);
    ClusterSpec spec = ClusterSpec.from(cluster);
    StatefulSet set = StatefulSetModel.build(spec, 3);
    assertThat(set.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
        .doesNotContain(FerriumResources.TLS_VOLUME);
    assertThat(set.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getScheme())
        .isNull();
    assertThat(NodeConfigToml.render(spec)).doesNotContain("[security]");
  }

  @Test
  void goDurationsParseAsCertManagerReadsThem() {
    assertThat(GoDuration.parse("2160h")).contains(Duration.ofHours(2160));
    assertThat(GoDuration.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5h")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("90s")).contains(Duration.ofSeconds(90));
    assertThat(GoDuration.parse("250ms")).contains(Duration.ofMillis(250));
    assertThat(GoDuration.parse("90d")).isEmpty();
    assertThat(GoDuration.parse("h")).isEmpty();
    assertThat(GoDuration.parse("-1h")).isEmpty();
    assertThat(GoDuration.parse("0s")).isEmpty();
    assertThat(GoDuration.parse("")).isEmpty();
  }

  private static TlsSpec.IssuerRef issuer(String name, String kind) {
    TlsSpec.IssuerRef ref = new TlsSpec.IssuerRef();
    ref.setName(name);
    ref.setKind(kind);
    return ref;
  }

  private static FerriumCluster cluster(TlsSpec.IssuerRef issuer) {
    FerriumCluster cluster = new FerriumCluster();
    cluster.getMetadata().setName("kv");
    cluster.getMetadata().setNamespace("prod");
    cluster.getMetadata().setUid("uid-1");
    cluster.getSpec().setReplicas(3);
    TlsSpec tls = new TlsSpec();
    tls.setEnabled(true);
    tls.setIssuerRef(issuer);
    tls.setDuration("720h");
    tls.setRenewBefore("90m");
    cluster.getSpec().setTls(tls);
    return cluster;
  }
}
