package io.ferrium.operator.tls;

import io.ferrium.operator.crd.TlsSpec;
import java.util.Optional;

/**
 * spec.tls with defaults filled in. {@code issuer} empty: the operator runs its own bootstrap CA
 * chain; otherwise every certificate is signed by the user's cert-manager issuer.
 */
public record TlsSettings(boolean enabled, Optional<Issuer> issuer, String duration, String renewBefore) {
  public static final String DEFAULT_DURATION = "2160h";
  public static final String DEFAULT_RENEW_BEFORE = "360h";
  /** The bootstrap CA lives longer than the leaves it signs. */
  public static final String CA_DURATION = "43800h";
  public static final String CA_RENEW_BEFORE = "8760h";

  /** A cert-manager issuer reference. */
  public record Issuer(String name, String kind, String group) {}

  public static final TlsSettings DISABLED = new TlsSettings(false, Optional.empty(), DEFAULT_DURATION,
      DEFAULT_RENEW_BEFORE);

  public static TlsSettings from(TlsSpec spec) {
    if (spec == null || !Boolean.TRUE.equals(spec.getEnabled())) {
      return DISABLED;
    }
    Optional<Issuer> issuer = Optional.ofNullable(spec.getIssuerRef())
        .filter(r -> r.getName() != null && !r.getName().isBlank())
        .map(r -> new Issuer(r.getName(), orDefault(r.getKind(), "Issuer"), orDefault(r.getGroup(), "cert-manager.io")));
    return new TlsSettings(true, issuer, orDefault(spec.getDuration(), DEFAULT_DURATION),
        orDefault(spec.getRenewBefore(), DEFAULT_RENEW_BEFORE));
  }

  public boolean bootstrap() {
    return enabled && issuer.isEmpty();
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
