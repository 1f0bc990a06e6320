package io.ferrium.operator.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides the trust bundle (the {@code ca.crt} every pod and the operator trust) and, for the
 * bootstrap chain, when the CA Issuer starts signing with a new CA. A pure function of what was
 * observed, so that CA rotation never leaves a pod distrusting a peer:
 *
 * <ol>
 *   <li>A CA that signs, or is about to sign, anything is added to the bundle at once.</li>
 *   <li>The bootstrap CA Issuer switches to a renewed CA only after the bundle has held that CA for
 *       {@code propagation} (the time the kubelet takes to update the pods' files).</li>
 *   <li>Leaves not signed by the signing CA are then re-issued.</li>
 *   <li>A CA that nothing uses any more leaves the bundle only after the leaves and the bundle have
 *       been unchanged for {@code propagation}, so no pod still serves a certificate it signed.</li>
 * </ol>
 */
public final class TrustBundlePlanner {
  private TrustBundlePlanner() {}

  /** One leaf certificate: its name, the certificate in its Secret (if issued) and its Secret's ca.crt. */
  public record Leaf(String name, Optional<X509Certificate> certificate, List<X509Certificate> issuingCas) {}

  /**
   * What was observed. {@code newestCa} and {@code signingCa} are the bootstrap chain's CA Secret and
   * signing Secret (empty with a user's issuer); {@code leavesKey}/{@code leavesSeenAt}: the leaves'
   * serials when last planned and since when; {@code bundleChangedAt}: when the bundle last changed.
   */
  public record Observed(boolean bootstrap, Optional<X509Certificate> newestCa, Optional<X509Certificate> signingCa,
      List<Leaf> leaves, List<X509Certificate> bundle, Optional<Instant> bundleChangedAt, String leavesKey,
      Optional<Instant> leavesSeenAt) {}

  /** The next bundle and its bookkeeping, and what to do about the signer and the leaves. */
  public record Plan(List<X509Certificate> bundle, boolean bundleChanged, Instant bundleChangedAt, String leavesKey,
      Instant leavesSeenAt, boolean switchSigning, List<String> reissue) {}

  public static Plan plan(Observed o, Instant now, Duration propagation) {
    Map<String, X509Certificate> wanted = new LinkedHashMap<>();
    o.leaves().forEach(l -> l.issuingCas().forEach(ca -> wanted.put(PemCertificates.fingerprint(ca), ca)));
    o.signingCa().ifPresent(ca -> wanted.put(PemCertificates.fingerprint(ca), ca));
    o.newestCa().ifPresent(ca -> wanted.put(PemCertificates.fingerprint(ca), ca));

    Map<String, X509Certificate> current = byFingerprint(o.bundle());
    Map<String, X509Certificate> next = new LinkedHashMap<>(current);
    wanted.forEach(next::putIfAbsent);
    boolean adding = next.size() > current.size();

    String leavesKey = o.leaves().stream()
        .map(l -> l.name() + "=" + l.certificate().map(PemCertificates::serial).orElse("-"))
        .sorted().collect(Collectors.joining(","));
    Instant leavesSeenAt = leavesKey.equals(o.leavesKey()) ? o.leavesSeenAt().orElse(now) : now;
    Instant bundleChangedAt = o.bundleChangedAt().orElse(now);
    boolean settled = !adding && !now.isBefore(leavesSeenAt.plus(propagation))
        && !now.isBefore(bundleChangedAt.plus(propagation));
    if (settled) {
      next.keySet().retainAll(wanted.keySet());
    }
    boolean changed = !next.keySet().equals(current.keySet());

    boolean switchSigning = false;
    if (o.bootstrap() && o.newestCa().isPresent()) {
      String newest = PemCertificates.fingerprint(o.newestCa().get());
      boolean trustedLongEnough = current.containsKey(newest) && !now.isBefore(bundleChangedAt.plus(propagation));
      switchSigning = o.signingCa().isEmpty()
          || !PemCertificates.fingerprint(o.signingCa().get()).equals(newest) && trustedLongEnough;
    }

    List<String> reissue = new ArrayList<>();
    if (o.bootstrap() && o.signingCa().isPresent() && !switchSigning) {
      String signer = PemCertificates.fingerprint(o.signingCa().get());
      for (Leaf leaf : o.leaves()) {
        boolean signedBySigner = leaf.issuingCas().stream().anyMatch(ca -> PemCertificates.fingerprint(ca).equals(signer));
        if (leaf.certificate().isPresent() && !signedBySigner) {
          reissue.add(leaf.name());
        }
      }
    }
    return new Plan(new ArrayList<>(next.values()), changed, changed ? now : bundleChangedAt, leavesKey, leavesSeenAt,
        switchSigning, reissue);
  }

  private static Map<String, X509Certificate> byFingerprint(List<X509Certificate> certificates) {
    Map<String, X509Certificate> map = new LinkedHashMap<>();
    certificates.forEach(c -> map.put(PemCertificates.fingerprint(c), c));
    return map;
  }
}
