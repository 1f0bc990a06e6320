package io.ferrium.operator.tls;

import io.fabric8.certmanager.api.model.meta.v1.ObjectReference;
import io.fabric8.certmanager.api.model.meta.v1.ObjectReferenceBuilder;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateBuilder;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.certmanager.api.model.v1.IssuerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.ferrium.operator.model.ClusterSpec;
import io.ferrium.operator.model.FerriumResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cert-manager objects of a TLS cluster. Two leaf Certificates: the pods' (one certificate all
 * pods share, server and client usage since they talk mTLS to each other) and the operator's client
 * identity. Without {@code issuerRef} a bootstrap chain signs them: a self-signed Issuer signs the
 * cluster's CA Certificate, and a CA Issuer signs the leaves with it.
 *
 * <p>The pod certificate names every pod through a wildcard under the headless peer Service rather
 * than pod by pod: a pod added by a scale-up is covered before it starts, and scaling never re-issues.
 */
public final class CertificateModel {
  static final String ALGORITHM = "ECDSA";
  static final int KEY_SIZE = 256;
  /** A renewal makes a new key too: a leaked key stops being useful at the next renewal. */
  static final String ROTATION = "Always";
  public static final String OPERATOR_COMMON_NAME = "ferrium-operator";

  private CertificateModel() {}

  /** Every cert-manager object the cluster needs, issuers first. */
  public static List<HasMetadata> desired(ClusterSpec spec) {
    List<HasMetadata> objects = new ArrayList<>();
    if (spec.tls().bootstrap()) {
      objects.add(selfSignedIssuer(spec));
      objects.add(caCertificate(spec));
      objects.add(caIssuer(spec));
    }
    objects.add(podCertificate(spec));
    objects.add(operatorCertificate(spec));
    return objects;
  }

  /** DNS names of the pod certificate: every pod, both Services, and the pod's own loopback. */
  public static List<String> podDnsNames(ClusterSpec spec) {
    String peers = FerriumResources.peerService(spec.name()) + "." + spec.namespace();
    String client = FerriumResources.clientService(spec.name());
    return List.of(
        "*." + peers + ".svc", "*." + peers + ".svc.cluster.local",
        peers + ".svc", peers + ".svc.cluster.local",
        client, client + "." + spec.namespace(), client + "." + spec.namespace() + ".svc",
        client + "." + spec.namespace() + ".svc.cluster.local",
        "localhost");
  }

  public static Certificate podCertificate(ClusterSpec spec) {
    Certificate certificate = leaf(spec, FerriumResources.podCertificate(spec.name()),
        FerriumResources.peerService(spec.name()) + "." + spec.namespace() + ".svc",
        "server auth", "client auth", "digital signature", "key encipherment");
    certificate.getSpec().setDnsNames(podDnsNames(spec));
    certificate.getSpec().setIpAddresses(List.of("127.0.0.1"));
    return certificate;
  }

  public static Certificate operatorCertificate(ClusterSpec spec) {
    return leaf(spec, FerriumResources.operatorCertificate(spec.name()), OPERATOR_COMMON_NAME,
        "client auth", "digital signature", "key encipherment");
  }

  /** A certificate signed by the cluster's leaf issuer into the Secret of the same name. */
  private static Certificate leaf(ClusterSpec spec, String name, String commonName, String... usages) {
    return new CertificateBuilder()
        .withMetadata(metadata(spec, name))
        .withNewSpec()
          .withSecretName(name)
          .withCommonName(commonName)
          .withUsages(usages)
          .withDuration(duration(spec.tls().duration()))
          .withRenewBefore(duration(spec.tls().renewBefore()))
          .withNewPrivateKey().withAlgorithm(ALGORITHM).withSize(KEY_SIZE).withRotationPolicy(ROTATION)
            .withEncoding("PKCS8").endPrivateKey()
          .withIssuerRef(leafIssuer(spec))
        .endSpec()
        .build();
  }

  public static Issuer selfSignedIssuer(ClusterSpec spec) {
    return new IssuerBuilder()
        .withMetadata(metadata(spec, FerriumResources.selfSignedIssuer(spec.name())))
        .withNewSpec().withNewSelfSigned().endSelfSigned().endSpec()
        .build();
  }

  public static Certificate caCertificate(ClusterSpec spec) {
    String name = FerriumResources.caCertificate(spec.name());
    return new CertificateBuilder()
        .withMetadata(metadata(spec, name))
        .withNewSpec()
          .withSecretName(name)
          .withIsCA(true)
          .withCommonName(spec.name() + "." + spec.namespace() + " Ferrium CA")
          .withUsages("cert sign", "crl sign", "digital signature")
          .withDuration(duration(TlsSettings.CA_DURATION))
          .withRenewBefore(duration(TlsSettings.CA_RENEW_BEFORE))
          .withNewPrivateKey().withAlgorithm(ALGORITHM).withSize(KEY_SIZE).withRotationPolicy(ROTATION)
            .withEncoding("PKCS8").endPrivateKey()
          .withIssuerRef(reference(FerriumResources.selfSignedIssuer(spec.name()), "Issuer"))
        .endSpec()
        .build();
  }

  /** Signs with the signing Secret, which the operator moves to a new CA only once every pod trusts it. */
  public static Issuer caIssuer(ClusterSpec spec) {
    return new IssuerBuilder()
        .withMetadata(metadata(spec, FerriumResources.caIssuer(spec.name())))
        .withNewSpec().withNewCa().withSecretName(FerriumResources.signingSecret(spec.name())).endCa().endSpec()
        .build();
  }

  private static ObjectReference leafIssuer(ClusterSpec spec) {
    return spec.tls().issuer()
        .map(i -> new ObjectReferenceBuilder().withName(i.name()).withKind(i.kind()).withGroup(i.group()).build())
        .orElseGet(() -> reference(FerriumResources.caIssuer(spec.name()), "Issuer"));
  }

  private static ObjectReference reference(String name, String kind) {
    return new ObjectReferenceBuilder().withName(name).withKind(kind).withGroup(FerriumResources.CERT_MANAGER_GROUP)
        .build();
  }

  private static io.fabric8.kubernetes.api.model.Duration duration(String goDuration) {
    Duration parsed = GoDuration.parse(goDuration)
        .orElseThrow(() -> new IllegalArgumentException("not a Go duration: " + goDuration));
    return new io.fabric8.kubernetes.api.model.Duration(parsed);
  }

  private static ObjectMeta metadata(ClusterSpec spec, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(spec.namespace())
        .withLabels(FerriumResources.labels(spec.name()))
        .withOwnerReferences(spec.ownerReference())
        .build();
  }
}
