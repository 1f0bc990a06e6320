package io.ferrium.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.ferrium.api.v1.MemberRole;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.membership.ClusterView;
import io.ferrium.operator.membership.MemberView;
import io.ferrium.operator.membership.MembershipPlan;
import io.ferrium.operator.membership.MembershipPlan.Health;
import io.ferrium.operator.membership.MembershipStep;
import io.ferrium.operator.membership.Observation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusFactoryTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void aSteadyClusterIsRunningReadyAndNotDegraded() {
    FerriumCluster cluster = cluster();
    var status = StatusFactory.observed(cluster, steady(), observed(true), 3, Optional.empty(), T0);
    assertThat(status.getPhase()).isEqualTo("Running");
    assertThat(status.getLeader()).isEqualTo("c-0");
    assertThat(status.getReplicas()).isEqualTo(3);
    assertThat(status.getReadyReplicas()).isEqualTo(3);
    assertThat(status.getObservedGeneration()).isEqualTo(4L);
    assertThat(status.getClusterId()).isEqualTo("g");
    assertThat(status.getMembers()).extracting(m -> m.getId() + "/" + m.getRole())
        .containsExactly("c-0/Leader", "c-1/Follower", "c-2/Follower");
    assertThat(condition(status.getConditions(), Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(condition(status.getConditions(), Conditions.DEGRADED).getStatus()).isEqualTo("False");
    assertThat(condition(status.getConditions(), Conditions.PROGRESSING).getStatus()).isEqualTo("False");
  }

  @Test
  void transitionTimesMoveOnlyWhenAConditionFlips() {
    FerriumCluster cluster = cluster();
    cluster.setStatus(StatusFactory.observed(cluster, steady(), observed(true), 3, Optional.empty(), T0));
    var same = StatusFactory.observed(cluster, steady(), observed(true), 3, Optional.empty(), T1);
    assertThat(condition(same.getConditions(), Conditions.READY).getLastTransitionTime()).isEqualTo(T0.toString());

    MembershipPlan blocked = new MembershipPlan(new MembershipStep.None(), 3, Health.DEGRADED, "members [c-2] do not answer");
    var degraded = StatusFactory.observed(cluster, blocked, observed(false), 2, Optional.empty(), T1);
    Condition condition = condition(degraded.getConditions(), Conditions.DEGRADED);
    assertThat(condition.getStatus()).isEqualTo("True");
    assertThat(condition.getReason()).isEqualTo("MembershipBlocked");
    assertThat(condition.getMessage()).contains("c-2");
    assertThat(condition.getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(degraded.getPhase()).isEqualTo("Degraded");
    assertThat(degraded.getMembers()).filteredOn(m -> m.getId().equals("c-2")).singleElement()
        .satisfies(m -> assertThat(m.getHealthy()).isFalse());
  }

  @Test
  void aFailedStepIsDegradedWithItsReason() {
    MembershipPlan plan = new MembershipPlan(new MembershipStep.Promote("c-3"), 4, Health.PROGRESSING, "promote");
    var status = StatusFactory.observed(cluster(), plan, observed(true), 4, Optional.of("ABORTED: conflict"), T0);
    Condition degraded = condition(status.getConditions(), Conditions.DEGRADED);
    assertThat(degraded.getReason()).isEqualTo("StepFailed");
    assertThat(degraded.getMessage()).contains("promote learner c-3", "ABORTED");
  }

  @Test
  void anInvalidSpecKeepsWhatWasObservedAndSaysWhy() {
    FerriumCluster cluster = cluster();
    cluster.setStatus(StatusFactory.observed(cluster, steady(), observed(true), 3, Optional.empty(), T0));
    var status = StatusFactory.invalid(cluster, List.of("spec.replicas must be at least 1, got 0"), T1);
    assertThat(status.getPhase()).isEqualTo("Invalid");
    assertThat(status.getLeader()).isEqualTo("c-0");
    assertThat(status.getMembers()).hasSize(3);
    assertThat(condition(status.getConditions(), Conditions.DEGRADED).getReason()).isEqualTo("InvalidSpec");
    assertThat(condition(status.getConditions(), Conditions.READY).getStatus()).isEqualTo("True");
  }

  @Test
  void certificatesAreReportedWithTlsOnAndAbsentWithTlsOff() {
    var issued = new io.ferrium.operator.crd.CertificateInfo("kv-tls", "1f", "2027-01-01T00:00:00Z", "CN=kv CA");
    var ready = new io.ferrium.operator.tls.CertificateState(true, true, true, "Issued", "kv-tls serial 1f",
        Optional.empty(), List.of(issued));
    var status = StatusFactory.withCertificates(StatusFactory.observed(cluster(), steady(), observed(true), 3,
        Optional.empty(), T0), ready, 7L, T0);
    assertThat(condition(status.getConditions(), Conditions.CERTIFICATES_READY).getStatus()).isEqualTo("True");
    assertThat(condition(status.getConditions(), Conditions.CERTIFICATES_READY).getReason()).isEqualTo("Issued");
    assertThat(status.getCertificates()).extracting(c -> c.getNotAfter()).containsExactly("2027-01-01T00:00:00Z");

    var missing = io.ferrium.operator.tls.CertificateState.notReady("CertManagerNotInstalled", "install cert-manager",
        false, Optional.empty(), List.of());
    status = StatusFactory.withCertificates(status, missing, 7L, T1);
    assertThat(condition(status.getConditions(), Conditions.CERTIFICATES_READY).getStatus()).isEqualTo("False");
    assertThat(condition(status.getConditions(), Conditions.CERTIFICATES_READY).getLastTransitionTime())
        .isEqualTo(T1.toString());
    assertThat(status.getCertificates()).isNull();

    status = StatusFactory.withCertificates(status, io.ferrium.operator.tls.CertificateState.DISABLED, 8L, T1);
    assertThat(status.getConditions()).extracting(Condition::getType).doesNotContain(Conditions.CERTIFICATES_READY);
  }

  private static MembershipPlan steady() {
    return new MembershipPlan(new MembershipStep.None(), 3, Health.STEADY, "3 voters, leader c-0");
  }

  private static Observation observed(boolean allAnswer) {
    return new Observation(List.of(), Optional.of(new ClusterView("g", "c-0", List.of(
        new MemberView("c-0", "a:1", true, MemberRole.LEADER, 0, true),
        new MemberView("c-1", "a:2", true, MemberRole.FOLLOWER, 0, true),
        new MemberView("c-2", "a:3", true, MemberRole.FOLLOWER, 0, allAnswer)))));
  }

  private static Condition condition(List<Condition> conditions, String type) {
    return Conditions.find(conditions, type).orElseThrow();
  }

  private static FerriumCluster cluster() {
    FerriumCluster cluster = new FerriumCluster();
    cluster.getMetadata().setName("c");
    cluster.getMetadata().setNamespace("ns");
    cluster.getMetadata().setGeneration(4L);
    cluster.getSpec().setReplicas(3);
    return cluster;
  }
}
