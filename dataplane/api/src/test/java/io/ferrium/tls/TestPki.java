package io.ferrium.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
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
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Test CAs and certificates made with BouncyCastle, written as PEM in the cert-manager layout.
 * Public for the server's TLS tests (published in this module's test-jar).
 */
public final class TestPki {
  private static final AtomicLong SERIALS = new AtomicLong(1000);

  public enum KeyType { RSA, EC }

  /** PKCS8: "PRIVATE KEY"; TRADITIONAL: PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY". */
  public enum KeyEncoding { PKCS8, TRADITIONAL }

  /** A certificate and its key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    public BigInteger serial() {
      return certificate.getSerialNumber();
    }
  }

  private TestPki() {}

  public static Issued ca(String name, KeyType type) {
    KeyPair keys = keyPair(type);
    Instant now = Instant.now();
    X500Name subject = new X500Name("CN=" + name);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, nextSerial(),
          Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
          keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
          .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
      return new Issued(sign(builder, keys.getPrivate()), keys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A server-and-client leaf for 127.0.0.1 and localhost, valid from an hour ago for a day. */
  public static Issued leaf(Issued ca, String name, KeyType type) {
    Instant now = Instant.now();
    return leaf(ca, name, type, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
  }

  public static Issued leaf(Issued ca, String name, KeyType type, Instant notBefore, Instant notAfter) {
    KeyPair keys = keyPair(type);
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), nextSerial(),
          Date.from(notBefore), Date.from(notAfter), new X500Name("CN=" + name), keys.getPublic())
          .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")}))
          .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()))
          .addExtension(Extension.authorityKeyIdentifier, false,
              utils.createAuthorityKeyIdentifier(ca.certificate()));
      return new Issued(sign(builder, ca.key()), keys.getPrivate());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code dir/tls.crt}, {@code dir/tls.key} (PKCS#8) and {@code dir/ca.crt} (all the CAs). */
  public static TlsFiles write(Path dir, Issued leaf, Issued... cas) {
    return write(dir, leaf, KeyEncoding.PKCS8, cas);
  }

  public static TlsFiles write(Path dir, Issued leaf, KeyEncoding encoding, Issued... cas) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(TlsFiles.CERTIFICATE_FILE), pem(leaf.certificate()));
      Files.writeString(dir.resolve(TlsFiles.KEY_FILE), keyPem(leaf.key(), encoding));
      Files.writeString(dir.resolve(TlsFiles.CA_FILE), caBundle(cas));
      return TlsFiles.inDirectory(dir);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String caBundle(Issued... cas) {
    StringBuilder bundle = new StringBuilder();
    for (Issued ca : cas) {
      bundle.append(pem(ca.certificate()));
    }
    return bundle.toString();
  }

  public static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  public static String keyPem(PrivateKey key, KeyEncoding encoding) {
    try {
      if (encoding == KeyEncoding.PKCS8) {
        return pem(new JcaPKCS8Generator(key, null).generate());
      }
      if (key.getAlgorithm().equals("RSA")) {
        return pem(key); // JcaPEMWriter writes a bare RSA key as PKCS#1
      }
      // SEC1 as openssl and Go write it: with the curve inside (BouncyCastle's writer would drop it).
      PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), inner.getPublicKey(),
          info.getPrivateKeyAlgorithm().getParameters());
      return pem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    String algorithm = signer.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      return new JcaX509CertificateConverter().getCertificate(
          builder.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair keyPair(KeyType type) {
    try {
      if (type == KeyType.RSA) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static BigInteger nextSerial() {
    return BigInteger.valueOf(SERIALS.incrementAndGet());
  }
}
