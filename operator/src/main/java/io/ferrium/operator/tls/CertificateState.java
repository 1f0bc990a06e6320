package io.ferrium.operator.tls;

import io.ferrium.operator.crd.CertificateInfo;
import java.util.List;
import java.util.Optional;

/**
 * What a reconciliation found about a cluster's certificates.
 *
 * @param enabled spec.tls.enabled
 * @param podFilesReady the pod certificate Secret and the trust bundle exist, so pods can start
 * @param ready every certificate is issued and trusted (the CertificatesReady condition)
 * @param reason the condition's reason, CamelCase
 * @param message the condition's message, for people
 * @param operatorIdentity the operator's client certificate, key and trust bundle, when issued
 * @param certificates the issued certificates, for status
 */
public record CertificateState(boolean enabled, boolean podFilesReady, boolean ready, String reason, String message,
    Optional<ClientIdentity> operatorIdentity, List<CertificateInfo> certificates) {

  public static final CertificateState DISABLED =
      new CertificateState(false, true, true, "TlsDisabled", "TLS is off", Optional.empty(), List.of());

  /** PEM text of a client certificate chain, its key and the CAs it trusts. */
  public record ClientIdentity(String certificate, String key, String trustBundle) {}

  public static CertificateState notReady(String reason, String message, boolean podFilesReady,
      Optional<ClientIdentity> identity, List<CertificateInfo> certificates) {
    return new CertificateState(true, podFilesReady, false, reason, message, identity, certificates);
  }
}
