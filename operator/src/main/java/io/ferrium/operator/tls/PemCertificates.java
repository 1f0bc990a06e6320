package io.ferrium.operator.tls;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** PEM certificate bundles: parsed, written, and compared by fingerprint. */
public final class PemCertificates {
  private PemCertificates() {}

  /** The certificates of a PEM bundle, in order; empty for null or blank text. */
  public static List<X509Certificate> parse(String pem) {
    if (pem == null || pem.isBlank()) {
      return List.of();
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> certificates = new ArrayList<>();
      factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .forEach(c -> certificates.add((X509Certificate) c));
      return certificates;
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not a PEM certificate bundle: " + e.getMessage(), e);
    }
  }

  /** A Secret's base64 value parsed as a PEM bundle. */
  public static List<X509Certificate> fromSecretValue(String base64) {
    return base64 == null ? List.of() : parse(new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII));
  }

  public static String write(List<X509Certificate> certificates) {
    StringBuilder pem = new StringBuilder();
    Base64.Encoder encoder = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    for (X509Certificate c : certificates) {
      try {
        pem.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(c.getEncoded()))
            .append("\n-----END CERTIFICATE-----\n");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
      }
    }
    return pem.toString();
  }

  /** SHA-256 of the DER encoding, hex: what makes two certificates the same one. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String serial(X509Certificate certificate) {
    return certificate.getSerialNumber().toString(16);
  }
}
