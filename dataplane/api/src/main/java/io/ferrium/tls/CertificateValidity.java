package io.ferrium.tls;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Validity-period checks whose messages say which certificate and when, instead of the JDK's
 * "PKIX path validation failed: validity check failed".
 */
public final class CertificateValidity {
  private CertificateValidity() {}

  /** "CN=ferrium-0, serial 0x1f" (subject and hexadecimal serial number). */
  public static String describe(X509Certificate certificate) {
    return certificate.getSubjectX500Principal().getName() + ", serial 0x"
        + certificate.getSerialNumber().toString(16);
  }

  /**
   * Throws if {@code certificate} has expired or is not yet valid at {@code now}: "certificate CN=x,
   * serial 0x1f expired at 2026-01-01T00:00:00Z".
   */
  public static void check(X509Certificate certificate, Instant now)
      throws CertificateExpiredException, CertificateNotYetValidException {
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      throw new CertificateExpiredException(expiredMessage(certificate, now));
    }
    Instant notBefore = certificate.getNotBefore().toInstant();
    if (now.isBefore(notBefore)) {
      throw new CertificateNotYetValidException(
          "certificate " + describe(certificate) + " is not valid before " + notBefore + " (now " + now + ")");
    }
  }

  /** "certificate CN=x, serial 0x1f expired at 2026-01-01T00:00:00Z (now 2026-01-02T10:00:00Z)". */
  public static String expiredMessage(X509Certificate certificate, Instant now) {
    return "certificate " + describe(certificate) + " expired at " + certificate.getNotAfter().toInstant()
        + " (now " + now + ")";
  }

  /** Whether {@code certificate} has expired at {@code now}. */
  public static boolean isExpired(X509Certificate certificate, Instant now) {
    return now.isAfter(certificate.getNotAfter().toInstant());
  }
}
