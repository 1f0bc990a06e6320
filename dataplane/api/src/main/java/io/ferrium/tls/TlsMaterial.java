package io.ferrium.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consistent, immutable set of TLS material: an optional identity (private key and certificate
 * chain, checked to belong together and not expired) and the trusted CA certificates.
 */
public final class TlsMaterial {
  private static final Logger LOG = LoggerFactory.getLogger(TlsMaterial.class);

  private final PrivateKey privateKey;
  private final List<X509Certificate> certificateChain;
  private final List<X509Certificate> caCertificates;
  private final X509ExtendedTrustManager pkixTrustManager;
  private final String contentSha256;

  private TlsMaterial(PrivateKey privateKey, List<X509Certificate> certificateChain,
      List<X509Certificate> caCertificates, String contentSha256) {
    this.privateKey = privateKey;
    this.certificateChain = certificateChain;
    this.caCertificates = caCertificates;
    this.pkixTrustManager = caCertificates.isEmpty() ? null : pkix(caCertificates);
    this.contentSha256 = contentSha256;
  }

  /** Reads and checks the files now. */
  public static TlsMaterial load(TlsFiles files) {
    return parse(files, WatchedFiles.read(files.all()), Instant.now());
  }

  static TlsMaterial parse(TlsFiles files, WatchedFiles.Contents contents, Instant now) {
    PrivateKey key = null;
    List<X509Certificate> chain = List.of();
    if (files.certificateChain().isPresent()) {
      Path certFile = files.certificateChain().get();
      Path keyFile = files.privateKey().orElseThrow();
      chain = PemReader.certificates(contents.of(certFile), certFile);
      key = PemReader.privateKey(contents.of(keyFile), keyFile);
      checkValidity(chain.get(0), certFile, now);
      checkKeyMatches(key, chain.get(0), keyFile, certFile);
    }
    List<X509Certificate> cas = List.of();
    if (files.caBundle().isPresent()) {
      Path caFile = files.caBundle().get();
      cas = PemReader.certificates(contents.of(caFile), caFile);
      for (X509Certificate ca : cas) {
        if (CertificateValidity.isExpired(ca, now)) {
          LOG.warn("{}: CA certificate {} expired at {}; nothing chaining to it will be accepted",
              caFile, CertificateValidity.describe(ca), ca.getNotAfter().toInstant());
        }
      }
    }
    return new TlsMaterial(key, chain, cas, contents.sha256());
  }

  /** The own private key, if this material has an identity. */
  public Optional<PrivateKey> privateKey() {
    return Optional.ofNullable(privateKey);
  }

  /** The own certificate chain, leaf first; empty without an identity. */
  public List<X509Certificate> certificateChain() {
    return certificateChain;
  }

  /** The own leaf certificate, if this material has an identity. */
  public Optional<X509Certificate> leaf() {
    return certificateChain.isEmpty() ? Optional.empty() : Optional.of(certificateChain.get(0));
  }

  /** The trusted CA certificates (several during a CA rotation). */
  public List<X509Certificate> caCertificates() {
    return caCertificates;
  }

  /** SHA-256 of the files' contents this material was parsed from. */
  public String contentSha256() {
    return contentSha256;
  }

  /** The JDK's PKIX trust manager over the CA bundle; null when there is no bundle. */
  X509ExtendedTrustManager pkixTrustManager() {
    return pkixTrustManager;
  }

  @Override
  public String toString() {
    return leaf().map(l -> "certificate " + CertificateValidity.describe(l) + " valid until "
        + l.getNotAfter().toInstant()).orElse("no certificate") + ", " + caCertificates.size() + " CA(s)";
  }

  private static void checkValidity(X509Certificate leaf, Path certFile, Instant now) {
    try {
      CertificateValidity.check(leaf, now);
    } catch (CertificateExpiredException e) {
      throw new TlsMaterialException(certFile + ": " + e.getMessage(), e);
    } catch (CertificateNotYetValidException e) {
      // A freshly issued certificate on a node whose clock lags a little: usable in a moment.
      LOG.warn("{}: {}", certFile, e.getMessage());
    }
  }

  /** Proves the key belongs to the certificate by signing and verifying a random challenge. */
  private static void checkKeyMatches(PrivateKey key, X509Certificate leaf, Path keyFile, Path certFile) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> throw new TlsMaterialException(keyFile + ": unsupported key algorithm "
          + key.getAlgorithm() + "; use RSA or EC");
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    boolean matches;
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leaf.getPublicKey());
      verifier.update(challenge);
      matches = verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      matches = false;
    }
    if (!matches) {
      throw new TlsMaterialException(keyFile + ": the private key does not belong to certificate "
          + CertificateValidity.describe(leaf) + " in " + certFile);
    }
  }

  private static X509ExtendedTrustManager pkix(List<X509Certificate> cas) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < cas.size(); i++) {
        store.setCertificateEntry("ca-" + i, cas.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509ExtendedTrustManager extended) {
          return extended;
        }
      }
      throw new IllegalStateException("the JDK's PKIX TrustManagerFactory made no X509ExtendedTrustManager");
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsMaterialException("cannot build a trust manager from the CA bundle: " + e.getMessage(), e);
    }
  }
}
