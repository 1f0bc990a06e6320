package io.ferrium.operator.e2e;

import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.CertificateCondition;
import io.fabric8.certmanager.api.model.v1.CertificateConditionBuilder;
import io.fabric8.certmanager.api.model.v1.CertificateSpec;
import io.fabric8.certmanager.api.model.v1.CertificateStatus;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.ferrium.operator.tls.PemCertificates;
import io.ferrium.tls.TestPki;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays cert-manager against the mock API server: serves the cert-manager.io/v1 API in discovery,
 * and issues every Certificate into its Secret ({@code tls.crt}, {@code tls.key} PKCS#8, {@code ca.crt})
 * from a namespaced self-signed or CA Issuer, with the Certificate's names, usages and duration. It
 * re-issues (new key, new serial) when the Secret is missing or when the Certificate's Issuing
 * condition is set, which is what {@code cmctl renew} and {@link #renew} do; then it sets Ready,
 * notBefore, notAfter and revision in the status.
 */
final class CertManagerStandIn implements AutoCloseable {
  static final String DISCOVERY_PATH = "/apis/cert-manager.io/v1";
  private static final Logger LOG = LoggerFactory.getLogger(CertManagerStandIn.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cert-manager-stand-in");
    t.setDaemon(true);
    return t;
  });

  private CertManagerStandIn(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** Installs it: the API group appears in discovery, and Certificates start being issued. */
  static CertManagerStandIn install(KubernetesMockServer server, KubernetesClient client, String namespace) {
    server.expect().get().withPath(DISCOVERY_PATH)
        .andReturn(200, new APIResourceListBuilder().withGroupVersion("cert-manager.io/v1")
            .addNewResource().withName("certificates").withKind("Certificate").withNamespaced(true)
              .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").endResource()
            .addNewResource().withName("issuers").withKind("Issuer").withNamespaced(true)
              .withVerbs("get", "list", "watch", "create", "update", "patch", "delete").endResource()
            .build())
        .always();
    CertManagerStandIn standIn = new CertManagerStandIn(client, namespace);
    standIn.loop.scheduleWithFixedDelay(standIn::round, 0, 150, TimeUnit.MILLISECONDS);
    return standIn;
  }

  /** {@code cmctl renew}: asks for a new certificate (new key, new serial) now. */
  void renew(String certificate) {
    client.resources(Certificate.class).inNamespace(namespace).withName(certificate).editStatus(c -> {
      CertificateStatus status = c.getStatus() == null ? new CertificateStatus() : c.getStatus();
      List<CertificateCondition> conditions = status.getConditions() == null ? new ArrayList<>()
          : new ArrayList<>(status.getConditions());
      conditions.removeIf(x -> "Issuing".equals(x.getType()));
      conditions.add(issuing("ManuallyTriggered"));
      status.setConditions(conditions);
      c.setStatus(status);
      return c;
    });
  }

  /** The certificate currently in the Secret of {@code certificate}. */
  Optional<X509Certificate> issued(String secretName) {
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    return Optional.ofNullable(secret).map(s -> s.getData().get("tls.crt")).map(CertManagerStandIn::decode)
        .map(pem -> PemCertificates.parse(pem).get(0));
  }

  private synchronized void round() {
    try {
      for (Certificate c : client.resources(Certificate.class).inNamespace(namespace).list().getItems()) {
        Secret secret = client.secrets().inNamespace(namespace).withName(c.getSpec().getSecretName()).get();
        boolean issuing = c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream().anyMatch(x -> "Issuing".equals(x.getType()) && "True".equals(x.getStatus()));
        if (secret == null || issuing) {
          issue(c);
        }
      }
    } catch (RuntimeException e) {
      LOG.debug("cert-manager stand-in round failed: {}", e.toString());
    }
  }

  private void issue(Certificate c) {
    CertificateSpec spec = c.getSpec();
    Issuer issuer = client.resources(Issuer.class).inNamespace(namespace).withName(spec.getIssuerRef().getName()).get();
    if (issuer == null || !"Issuer".equals(Optional.ofNullable(spec.getIssuerRef().getKind()).orElse("Issuer"))) {
      notReady(c, "issuer " + spec.getIssuerRef().getName() + " not found");
      return;
    }
    KeyPair keys = ecKeys();
    Instant now = Instant.now();
    Duration lifetime = spec.getDuration() == null ? Duration.ofDays(90) : spec.getDuration().getDuration();
    X500Name subject = new X500Name("CN=" + Optional.ofNullable(spec.getCommonName()).orElse(c.getMetadata().getName()));
    X509Certificate signerCert;
    PrivateKey signerKey;
    X500Name issuerName;
    if (issuer.getSpec().getSelfSigned() != null) {
      signerCert = null;
      signerKey = keys.getPrivate();
      issuerName = subject;
    } else if (issuer.getSpec().getCa() != null) {
      Secret ca = client.secrets().inNamespace(namespace).withName(issuer.getSpec().getCa().getSecretName()).get();
      if (ca == null) {
        notReady(c, "issuer " + issuer.getMetadata().getName() + ": secret " + issuer.getSpec().getCa().getSecretName()
            + " not found");
        return;
      }
      signerCert = PemCertificates.parse(decode(ca.getData().get("tls.crt"))).get(0);
      signerKey = pkcs8(decode(ca.getData().get("tls.key")));
      issuerName = X500Name.getInstance(signerCert.getSubjectX500Principal().getEncoded());
    } else {
      notReady(c, "the stand-in only knows selfSigned and ca issuers");
      return;
    }
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName, new BigInteger(64, RANDOM).abs(),
          Date.from(now.minusSeconds(60)), Date.from(now.plus(lifetime)), subject, keys.getPublic())
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
      boolean isCa = Boolean.TRUE.equals(spec.getIsCA());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
      builder.addExtension(Extension.keyUsage, true, isCa
          ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
          : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      List<KeyPurposeId> purposes = new ArrayList<>();
      List<String> usages = spec.getUsages() == null ? List.of() : spec.getUsages();
      if (usages.contains("server auth")) {
        purposes.add(KeyPurposeId.id_kp_serverAuth);
      }
      if (usages.contains("client auth")) {
        purposes.add(KeyPurposeId.id_kp_clientAuth);
      }
      if (!purposes.isEmpty()) {
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
      }
      List<GeneralName> names = new ArrayList<>();
      Optional.ofNullable(spec.getDnsNames()).orElse(List.of()).forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      Optional.ofNullable(spec.getIpAddresses()).orElse(List.of()).forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
      if (!names.isEmpty()) {
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      }
      if (signerCert != null) {
        builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(signerCert));
      }
      X509Certificate issued = new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signerKey)));
      X509Certificate ca = signerCert == null ? issued : signerCert;
      Secret secret = new SecretBuilder()
          .withNewMetadata().withName(spec.getSecretName()).withNamespace(namespace)
            .addToAnnotations("cert-manager.io/certificate-name", c.getMetadata().getName()).endMetadata()
          .withType("kubernetes.io/tls")
          .addToData("tls.crt", encode(TestPki.pem(issued)))
          .addToData("tls.key", encode(TestPki.keyPem(keys.getPrivate(), TestPki.KeyEncoding.PKCS8)))
          .addToData("ca.crt", encode(TestPki.pem(ca)))
          .build();
      client.secrets().inNamespace(namespace).resource(secret).createOr(existing -> existing.update());
      ready(c, issued);
      LOG.info("issued {} serial {} by {}", c.getMetadata().getName(), issued.getSerialNumber().toString(16),
          issued.getIssuerX500Principal().getName());
    } catch (Exception e) {
      notReady(c, "issuing failed: " + e);
    }
  }

  private void ready(Certificate c, X509Certificate issued) {
    editStatus(c, status -> {
      status.setNotBefore(issued.getNotBefore().toInstant().toString());
      status.setNotAfter(issued.getNotAfter().toInstant().toString());
      status.setRevision(status.getRevision() == null ? 1 : status.getRevision() + 1);
      return new CertificateConditionBuilder().withType("Ready").withStatus("True").withReason("Ready")
          .withMessage("Certificate is up to date and has not expired").build();
    });
  }

  private void notReady(Certificate c, String message) {
    editStatus(c, status -> new CertificateConditionBuilder().withType("Ready").withStatus("False").withReason("Pending")
        .withMessage(message).build());
  }

  private void editStatus(Certificate c, java.util.function.Function<CertificateStatus, CertificateCondition> change) {
    try {
      client.resources(Certificate.class).inNamespace(namespace).withName(c.getMetadata().getName()).editStatus(x -> {
        CertificateStatus status = x.getStatus() == null ? new CertificateStatus() : x.getStatus();
        CertificateCondition condition = change.apply(status);
        condition.setLastTransitionTime(Instant.now().toString());
        List<CertificateCondition> conditions = new ArrayList<>();
        conditions.add(condition);
        status.setConditions(conditions); // Issuing is over
        x.setStatus(status);
        return x;
      });
    } catch (KubernetesClientException e) {
      LOG.debug("status of {} not written: {}", c.getMetadata().getName(), e.getMessage());
    }
  }

  private static CertificateCondition issuing(String reason) {
    return new CertificateConditionBuilder().withType("Issuing").withStatus("True").withReason(reason)
        .withMessage("Re-issuance requested").withLastTransitionTime(Instant.now().toString()).build();
  }

  private static PrivateKey pkcs8(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    try {
      return java.security.KeyFactory.getInstance("EC")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("the CA key is not a PKCS#8 EC key", e);
    }
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
  }

  private static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
