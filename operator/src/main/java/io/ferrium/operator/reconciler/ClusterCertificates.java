package io.ferrium.operator.reconciler;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateCondition;
import io.fabric8.certmanager.api.model.v1.CertificateConditionBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ferrium.operator.crd.CertificateInfo;
import io.ferrium.operator.model.ClusterSpec;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.operator.tls.CertificateModel;
import io.ferrium.operator.tls.CertificateState;
import io.ferrium.operator.tls.CertificateState.ClientIdentity;
import io.ferrium.operator.tls.PemCertificates;
import io.ferrium.operator.tls.TrustBundlePlanner;
import io.ferrium.operator.tls.TrustBundlePlanner.Leaf;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate step of a reconciliation: applies the cluster's cert-manager objects, keeps the
 * trust bundle and (bootstrap chain) the signing CA as {@link TrustBundlePlanner} decides, asks
 * cert-manager to re-issue leaves signed by a retired CA, and reports what it found.
 */
public final class ClusterCertificates {
  static final String BUNDLE_CHANGED_AT = "ferrium.io/bundle-changed-at";
  static final String LEAVES = "ferrium.io/leaves";
  static final String LEAVES_SEEN_AT = "ferrium.io/leaves-seen-at";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterCertificates.class);

  private final KubernetesClient client;
  private final OwnedResources owned;
  private final Duration propagation;

  /** @param propagation how long the kubelet may take to bring a changed Secret into the pods' files */
  public ClusterCertificates(KubernetesClient client, Duration propagation) {
    this.client = client;
    this.owned = new OwnedResources(client);
    this.propagation = propagation;
  }

  public CertificateState reconcile(ClusterSpec spec, Instant now) {
    if (!spec.tls().enabled()) {
      return CertificateState.DISABLED;
    }
    Optional<String> missing = certManagerMissing();
    if (missing.isPresent()) {
      return CertificateState.notReady("CertManagerNotInstalled", missing.get(), false, Optional.empty(), List.of());
    }
    CertificateModel.desired(spec).forEach(owned::apply);

    String ns = spec.namespace();
    String name = spec.name();
    Optional<Secret> podSecret = secret(ns, FerriumResources.podCertificate(name));
    Optional<Secret> operatorSecret = secret(ns, FerriumResources.operatorCertificate(name));
    Optional<Secret> trust = secret(ns, FerriumResources.trustBundle(name));
    Optional<Secret> newest = spec.tls().bootstrap() ? secret(ns, FerriumResources.caCertificate(name)) : Optional.empty();
    Optional<Secret> signing = spec.tls().bootstrap() ? secret(ns, FerriumResources.signingSecret(name)) : Optional.empty();
    List<Leaf> leaves = List.of(leaf(FerriumResources.podCertificate(name), podSecret),
        leaf(FerriumResources.operatorCertificate(name), operatorSecret));
    Map<String, String> notes = trust.map(s -> s.getMetadata().getAnnotations()).orElse(null);
    notes = notes == null ? Map.of() : notes;

    TrustBundlePlanner.Plan plan = TrustBundlePlanner.plan(new TrustBundlePlanner.Observed(spec.tls().bootstrap(),
        newest.flatMap(s -> first(s, "tls.crt")), signing.flatMap(s -> first(s, "tls.crt")), leaves,
        trust.map(s -> certificates(s, "ca.crt")).orElse(List.of()), instant(notes.get(BUNDLE_CHANGED_AT)),
        notes.getOrDefault(LEAVES, ""), instant(notes.get(LEAVES_SEEN_AT))), now, propagation);

    if (!plan.bundle().isEmpty() && (trust.isEmpty() || plan.bundleChanged() || !plan.leavesKey().equals(notes.get(LEAVES)))) {
      writeTrustBundle(spec, plan);
    }
    if (plan.switchSigning() && newest.isPresent()) {
      writeSigningSecret(spec, newest.get());
    }
    plan.reissue().forEach(leaf -> requestReissue(ns, leaf));

    List<CertificateInfo> infos = leaves.stream().filter(l -> l.certificate().isPresent())
        .map(l -> info(l.name(), l.certificate().get())).collect(Collectors.toList());
    Optional<ClientIdentity> identity = operatorSecret.filter(s -> value(s, "tls.crt").isPresent() && value(s, "tls.key").isPresent())
        .map(s -> new ClientIdentity(value(s, "tls.crt").get(), value(s, "tls.key").get(), PemCertificates.write(plan.bundle())));
    boolean podFilesReady = podSecret.flatMap(s -> value(s, "tls.key")).isPresent() && !plan.bundle().isEmpty();

    List<String> waiting = leaves.stream().filter(l -> l.certificate().isEmpty())
        .map(l -> l.name() + issuingProblem(ns, l.name())).collect(Collectors.toList());
    if (!waiting.isEmpty()) {
      return CertificateState.notReady("Issuing", "waiting for cert-manager to issue " + String.join(", ", waiting)
          + (podFilesReady ? "" : "; the pods start once their certificate is issued"), podFilesReady, identity, infos);
    }
    if (plan.bundle().isEmpty()) {
      return CertificateState.notReady("NoCertificateAuthority", "the issued Secrets carry no CA in ca.crt, so pods "
          + "cannot verify each other; use an issuer that fills ca.crt (CA, Vault, self-signed)", false, identity, infos);
    }
    String rotation = plan.switchSigning() || !plan.reissue().isEmpty() || plan.bundle().size() > 1
        ? "; CA rotation in progress, trusting " + plan.bundle().size() + " CAs" : "";
    String message = infos.stream().map(i -> i.getName() + " serial " + i.getSerialNumber() + " valid until " + i.getNotAfter())
        .collect(Collectors.joining("; ")) + rotation;
    return new CertificateState(true, podFilesReady, true, "Issued", message, identity, infos);
  }

  /** Empty when cert-manager's API is served; otherwise what to tell the user. */
  private Optional<String> certManagerMissing() {
    String groupVersion = FerriumResources.CERT_MANAGER_GROUP + "/" + FerriumResources.CERT_MANAGER_VERSION;
    try {
      if (client.getApiResources(groupVersion) != null) {
        return Optional.empty();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        return Optional.of("could not find out whether cert-manager is installed (API discovery of " + groupVersion
            + " failed: " + e.getMessage() + "); retrying");
      }
    }
    return Optional.of("spec.tls.enabled is true but cert-manager is not installed (the API " + groupVersion
        + " is not served); install cert-manager (https://cert-manager.io/docs/installation/). Until then the "
        + "pods are not started, since they cannot serve TLS without certificates");
  }

  private String issuingProblem(String ns, String certificate) {
    Certificate c = client.resources(Certificate.class).inNamespace(ns).withName(certificate).get();
    return Optional.ofNullable(c).map(Certificate::getStatus).map(CertificateStatus::getConditions).orElse(List.of())
        .stream().filter(x -> "Ready".equals(x.getType()) && "False".equals(x.getStatus()) && x.getMessage() != null)
        .findFirst().map(x -> " (cert-manager: " + x.getMessage() + ")").orElse("");
  }

  private void writeTrustBundle(ClusterSpec spec, TrustBundlePlanner.Plan plan) {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(BUNDLE_CHANGED_AT, plan.bundleChangedAt().toString());
    annotations.put(LEAVES, plan.leavesKey());
    annotations.put(LEAVES_SEEN_AT, plan.leavesSeenAt().toString());
    Secret desired = new SecretBuilder()
        .withNewMetadata().withName(FerriumResources.trustBundle(spec.name())).withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name())).withAnnotations(annotations)
          .withOwnerReferences(spec.ownerReference()).endMetadata()
        .addToData("ca.crt", encode(PemCertificates.write(plan.bundle())))
        .build();
    write(desired);
    if (plan.bundleChanged()) {
      LOG.info("{}/{}: trust bundle now holds {} CA(s): {}", spec.namespace(), spec.name(), plan.bundle().size(),
          plan.bundle().stream().map(c -> c.getSubjectX500Principal().getName() + " #" + PemCertificates.serial(c))
              .collect(Collectors.joining(", ")));
    }
  }

  /** The CA Issuer signs with this copy of the newest CA from now on. */
  private void writeSigningSecret(ClusterSpec spec, Secret ca) {
    Secret desired = new SecretBuilder()
        .withNewMetadata().withName(FerriumResources.signingSecret(spec.name())).withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name())).withOwnerReferences(spec.ownerReference()).endMetadata()
        .withType("kubernetes.io/tls")
        .addToData("tls.crt", ca.getData().get("tls.crt"))
        .addToData("tls.key", ca.getData().get("tls.key"))
        .addToData("ca.crt", ca.getData().getOrDefault("ca.crt", ca.getData().get("tls.crt")))
        .build();
    write(desired);
    LOG.info("{}/{}: the cluster CA Issuer now signs with CA serial {}", spec.namespace(), spec.name(),
        first(ca, "tls.crt").map(PemCertificates::serial).orElse("?"));
  }

  /** As {@code cmctl renew} does: cert-manager re-issues a Certificate whose Issuing condition is set. */
  private void requestReissue(String ns, String name) {
    Certificate current = client.resources(Certificate.class).inNamespace(ns).withName(name).get();
    if (current == null) {
      return;
    }
    List<CertificateCondition> conditions = current.getStatus() == null || current.getStatus().getConditions() == null
        ? new ArrayList<>() : new ArrayList<>(current.getStatus().getConditions());
    if (conditions.stream().anyMatch(c -> "Issuing".equals(c.getType()) && "True".equals(c.getStatus()))) {
      return;
    }
    conditions.add(new CertificateConditionBuilder().withType("Issuing").withStatus("True").withReason("ManuallyTriggered")
        .withMessage("Re-issuance requested by the Ferrium operator: the cluster CA was rotated")
        .withLastTransitionTime(Instant.now().toString()).build());
    if (current.getStatus() == null) {
      current.setStatus(new CertificateStatus());
    }
    current.getStatus().setConditions(conditions);
    client.resources(Certificate.class).inNamespace(ns).resource(current).updateStatus();
    LOG.info("{}/{}: asked cert-manager to re-issue the certificate with the new CA", ns, name);
  }

  private void write(Secret desired) {
    Secret existing = client.secrets().inNamespace(desired.getMetadata().getNamespace())
        .withName(desired.getMetadata().getName()).get();
    if (existing == null) {
      client.secrets().resource(desired).create();
    } else {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      client.secrets().resource(desired).update();
    }
  }

  private Optional<Secret> secret(String ns, String name) {
    return Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get());
  }

  private static Leaf leaf(String name, Optional<Secret> secret) {
    return new Leaf(name, secret.flatMap(s -> first(s, "tls.crt")),
        secret.map(s -> certificates(s, "ca.crt")).orElse(List.of()));
  }

  private static CertificateInfo info(String name, X509Certificate c) {
    return new CertificateInfo(name, PemCertificates.serial(c), c.getNotAfter().toInstant().toString(),
        c.getIssuerX500Principal().getName());
  }

  private static Optional<X509Certificate> first(Secret secret, String key) {
    return certificates(secret, key).stream().findFirst();
  }

  /** A malformed value reads as absent (and is reported as not issued) rather than failing the reconciliation. */
  private static List<X509Certificate> certificates(Secret secret, String key) {
    try {
      return value(secret, key).map(PemCertificates::parse).orElse(List.of());
    } catch (IllegalArgumentException e) {
      LOG.warn("Secret {}/{}: {} is not a PEM certificate: {}", secret.getMetadata().getNamespace(),
          secret.getMetadata().getName(), key, e.getMessage());
      return List.of();
    }
  }

  private static Optional<String> value(Secret secret, String key) {
    return Optional.ofNullable(secret.getData()).map(d -> d.get(key)).filter(v -> !v.isEmpty())
        .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.US_ASCII));
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  private static Optional<Instant> instant(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
