package io.ferrium.tls;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Parses PEM text into certificates and private keys with BouncyCastle. Keys: RSA or EC, in PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}, cert-manager's default) or SEC1
 * ({@code EC PRIVATE KEY}, possibly after an {@code EC PARAMETERS} block as openssl writes it).
 * Encrypted keys are refused. Every error names the file the text came from.
 */
final class PemReader {
  private PemReader() {}

  /** All certificates in the text, in order; at least one. */
  static List<X509Certificate> certificates(byte[] pem, Path source) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object object : objects(pem, source)) {
      if (!(object instanceof X509CertificateHolder holder)) {
        throw new TlsMaterialException(source + ": expected only CERTIFICATE blocks, found "
            + describe(object));
      }
      try {
        certificates.add(converter.getCertificate(holder));
      } catch (CertificateException e) {
        throw new TlsMaterialException(source + ": unusable certificate: " + e.getMessage(), e);
      }
    }
    if (certificates.isEmpty()) {
      throw new TlsMaterialException(source + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    }
    return List.copyOf(certificates);
  }

  /** The one private key in the text. */
  static PrivateKey privateKey(byte[] pem, Path source) {
    PrivateKeyInfo keyInfo = null;
    for (Object object : objects(pem, source)) {
      PrivateKeyInfo found;
      if (object instanceof PrivateKeyInfo info) {
        found = info;
      } else if (object instanceof PEMKeyPair pair) {
        found = pair.getPrivateKeyInfo();
      } else if (object instanceof ASN1ObjectIdentifier || object instanceof X9ECParameters) {
        continue; // "EC PARAMETERS" before an "EC PRIVATE KEY": the key repeats the curve
      } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
        throw new TlsMaterialException(source + ": the private key is encrypted; provide it unencrypted");
      } else {
        throw new TlsMaterialException(source + ": expected a private key, found " + describe(object));
      }
      if (keyInfo != null) {
        throw new TlsMaterialException(source + ": more than one private key");
      }
      keyInfo = found;
    }
    if (keyInfo == null) {
      throw new TlsMaterialException(source + ": no PEM private key (-----BEGIN ... PRIVATE KEY-----) found");
    }
    try {
      return new JcaPEMKeyConverter().getPrivateKey(keyInfo);
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(source + ": unusable private key: " + e.getMessage(), e);
    }
  }

  private static List<Object> objects(byte[] pem, Path source) {
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        objects.add(object);
      }
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(source + ": malformed PEM: " + e.getMessage(), e);
    }
    return objects;
  }

  private static String describe(Object object) {
    if (object instanceof X509CertificateHolder) {
      return "a certificate";
    }
    if (object instanceof PrivateKeyInfo || object instanceof PEMKeyPair) {
      return "a private key";
    }
    return object.getClass().getSimpleName();
  }
}
