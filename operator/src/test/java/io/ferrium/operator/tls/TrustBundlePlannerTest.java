package io.ferrium.operator.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.operator.tls.TrustBundlePlanner.Leaf;
import io.ferrium.operator.tls.TrustBundlePlanner.Observed;
import io.ferrium.operator.tls.TrustBundlePlanner.Plan;
import io.ferrium.tls.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CA rotation step by step: trust first, then sign, then re-issue, then forget the old CA. */
class TrustBundlePlannerTest {
  private static final Duration PROPAGATION = Duration.ofMinutes(3);
  private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
  private final TestPki.Issued ca1 = TestPki.ca("ca1", TestPki.KeyType.EC);
  private final TestPki.Issued ca2 = TestPki.ca("ca2", TestPki.KeyType.EC);
  private final TestPki.Issued pod1 = TestPki.leaf(ca1, "pod", TestPki.KeyType.EC);
  private final TestPki.Issued op1 = TestPki.leaf(ca1, "op", TestPki.KeyType.EC);
  private final TestPki.Issued pod2 = TestPki.leaf(ca2, "pod", TestPki.KeyType.EC);
  private final TestPki.Issued op2 = TestPki.leaf(ca2, "op", TestPki.KeyType.EC);

  @Test
  void bootstrapTrustsAndSignsWithTheFirstCaAtOnce() {
    Plan plan = TrustBundlePlanner.plan(new Observed(true, Optional.of(ca1.certificate()), Optional.empty(),
        List.of(missing("pod"), missing("op")), List.of(), Optional.empty(), "", Optional.empty()), T0, PROPAGATION);
    assertThat(plan.bundle()).containsExactly(ca1.certificate());
    assertThat(plan.bundleChanged()).isTrue();
    assertThat(plan.switchSigning()).isTrue();
    assertThat(plan.reissue()).isEmpty();
  }

  @Test
  void aRotatedCaIsTrustedThenSignsThenTheLeavesAreReissuedThenTheOldCaGoes() {
    // 1. cert-manager renewed the CA: the bundle gains it, the old CA keeps signing for now.
    Observed renewed = new Observed(true, Optional.of(ca2.certificate()), Optional.of(ca1.certificate()),
        leaves(pod1, op1, ca1), List.of(ca1.certificate()), Optional.of(T0.minus(Duration.ofDays(1))), "",
        Optional.empty());
    Plan trusting = TrustBundlePlanner.plan(renewed, T0, PROPAGATION);
    assertThat(trusting.bundle()).containsExactly(ca1.certificate(), ca2.certificate());
    assertThat(trusting.switchSigning()).isFalse();
    assertThat(trusting.reissue()).isEmpty();

    // 2. Not before every pod can have the new bundle does the CA Issuer switch.
    Observed trusted = new Observed(true, Optional.of(ca2.certificate()), Optional.of(ca1.certificate()),
        leaves(pod1, op1, ca1), trusting.bundle(), Optional.of(trusting.bundleChangedAt()), trusting.leavesKey(),
        Optional.of(trusting.leavesSeenAt()));
    assertThat(TrustBundlePlanner.plan(trusted, T0.plusSeconds(60), PROPAGATION).switchSigning()).isFalse();
    Plan switching = TrustBundlePlanner.plan(trusted, T0.plus(PROPAGATION), PROPAGATION);
    assertThat(switching.switchSigning()).isTrue();
    assertThat(switching.bundle()).hasSize(2);

    // 3. Signing with the new CA: the leaves still signed by the old one are re-issued.
    Instant t3 = T0.plus(PROPAGATION).plusSeconds(1);
    Observed signing = new Observed(true, Optional.of(ca2.certificate()), Optional.of(ca2.certificate()),
        leaves(pod1, op1, ca1), switching.bundle(), Optional.of(switching.bundleChangedAt()), switching.leavesKey(),
        Optional.of(switching.leavesSeenAt()));
    Plan reissuing = TrustBundlePlanner.plan(signing, t3, PROPAGATION);
    assertThat(reissuing.reissue()).containsExactly("pod", "op");
    assertThat(reissuing.bundle()).as("the old CA stays while leaves it signed are served").hasSize(2);

    // 4. Re-issued: the old CA leaves the bundle only after the new leaves had time to reach the pods.
    Observed reissued = new Observed(true, Optional.of(ca2.certificate()), Optional.of(ca2.certificate()),
        leaves(pod2, op2, ca2), reissuing.bundle(), Optional.of(reissuing.bundleChangedAt()), reissuing.leavesKey(),
        Optional.of(reissuing.leavesSeenAt()));
    Plan justReissued = TrustBundlePlanner.plan(reissued, t3.plusSeconds(5), PROPAGATION);
    assertThat(justReissued.bundle()).hasSize(2);
    assertThat(justReissued.reissue()).isEmpty();
    Observed settled = new Observed(true, Optional.of(ca2.certificate()), Optional.of(ca2.certificate()),
        leaves(pod2, op2, ca2), justReissued.bundle(), Optional.of(justReissued.bundleChangedAt()),
        justReissued.leavesKey(), Optional.of(justReissued.leavesSeenAt()));
    Plan done = TrustBundlePlanner.plan(settled, t3.plusSeconds(5).plus(PROPAGATION), PROPAGATION);
    assertThat(done.bundle()).containsExactly(ca2.certificate());
    assertThat(done.bundleChanged()).isTrue();
  }

  @Test
  void withTheUsersIssuerTheBundleFollowsTheCasOfTheIssuedLeaves() {
    Observed mixed = new Observed(false, Optional.empty(), Optional.empty(),
        List.of(new Leaf("pod", Optional.of(pod2.certificate()), List.of(ca2.certificate())),
            new Leaf("op", Optional.of(op1.certificate()), List.of(ca1.certificate()))),
        List.of(ca1.certificate()), Optional.of(T0.minus(Duration.ofDays(1))), "", Optional.empty());
    Plan plan = TrustBundlePlanner.plan(mixed, T0, PROPAGATION);
    assertThat(plan.bundle()).containsExactly(ca1.certificate(), ca2.certificate());
    assertThat(plan.switchSigning()).isFalse();
    assertThat(plan.reissue()).as("the operator does not re-issue for a user's issuer").isEmpty();
  }

  private static Leaf missing(String name) {
    return new Leaf(name, Optional.empty(), List.of());
  }

  private static List<Leaf> leaves(TestPki.Issued pod, TestPki.Issued op, TestPki.Issued ca) {
    X509Certificate caCert = ca.certificate();
    return List.of(new Leaf("pod", Optional.of(pod.certificate()), List.of(caCert)),
        new Leaf("op", Optional.of(op.certificate()), List.of(caCert)));
  }
}
