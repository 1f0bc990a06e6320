package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.ferrium.api.v1.MemberRole;
import io.ferrium.operator.crd.ClusterMember;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.FerriumClusterStatus;
import io.ferrium.operator.membership.ClusterView;
import io.ferrium.operator.membership.MemberView;
import io.ferrium.operator.membership.MembershipPlan;
import io.ferrium.operator.membership.MembershipPlan.Health;
import io.ferrium.operator.membership.MembershipStep;
import io.ferrium.operator.membership.Observation;
import io.ferrium.operator.membership.QuorumGate;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.operator.tls.CertificateState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Status as a pure function of the previous status and what this reconciliation saw and did. */
public final class StatusFactory {
  public static final String PHASE_PENDING = "Pending";
  public static final String PHASE_INITIALIZING = "Initializing";
  public static final String PHASE_SCALING = "Scaling";
  public static final String PHASE_RUNNING = "Running";
  public static final String PHASE_DEGRADED = "Degraded";
  public static final String PHASE_INVALID = "Invalid";

  private StatusFactory() {}

  /** The spec was rejected: say why, keep everything else as it was. */
  public static FerriumClusterStatus invalid(FerriumCluster cluster, List<String> problems, Instant now) {
    FerriumClusterStatus status = copyOf(cluster.getStatus());
    Long generation = cluster.getMetadata().getGeneration();
    String message = String.join("; ", problems);
    status.setPhase(PHASE_INVALID);
    status.setObservedGeneration(generation);
    status.setSelector(FerriumResources.selector(cluster.getMetadata().getName()));
    List<Condition> conditions = status.getConditions();
    conditions = Conditions.set(conditions, Conditions.of(Conditions.DEGRADED, true, "InvalidSpec", message, generation), now);
    conditions = Conditions.set(conditions, Conditions.of(Conditions.PROGRESSING, false, "InvalidSpec",
        "the spec is invalid; nothing is changed until it is fixed", generation), now);
    status.setConditions(conditions);
    return status;
  }

  /**
   * @param stepError why the planned step failed, if it did
   * @param readyReplicas ready pods, from the StatefulSet's status
   */
  public static FerriumClusterStatus observed(FerriumCluster cluster, MembershipPlan plan, Observation observed,
      int readyReplicas, Optional<String> stepError, Instant now) {
    FerriumClusterStatus previous = copyOf(cluster.getStatus());
    FerriumClusterStatus status = new FerriumClusterStatus();
    Long generation = cluster.getMetadata().getGeneration();
    Optional<ClusterView> view = observed.cluster();
    status.setObservedGeneration(generation);
    status.setSelector(FerriumResources.selector(cluster.getMetadata().getName()));
    status.setReadyReplicas(readyReplicas);
    status.setReplicas(view.map(v -> v.voters().size()).orElse(0));
    status.setLeader(view.map(ClusterView::leaderId).filter(l -> !l.isEmpty()).orElse(null));
    status.setClusterId(view.map(ClusterView::clusterId).orElse(previous.getClusterId()));
    status.setMembers(view.map(StatusFactory::members).orElse(List.of()));

    boolean degraded = plan.health() == Health.DEGRADED || stepError.isPresent();
    boolean formed = view.isPresent() || previous.getClusterId() != null;
    status.setPhase(degraded ? PHASE_DEGRADED
        : !formed ? (plan.step() instanceof MembershipStep.Init ? PHASE_INITIALIZING : PHASE_PENDING)
        : plan.health() == Health.PROGRESSING ? PHASE_SCALING : PHASE_RUNNING);

    List<Condition> conditions = previous.getConditions();
    conditions = Conditions.set(conditions, ready(view, generation), now);
    conditions = Conditions.set(conditions, plan.health() == Health.PROGRESSING && stepError.isEmpty()
        ? Conditions.of(Conditions.PROGRESSING, true, reason(plan.step()), plan.reason(), generation)
        : Conditions.of(Conditions.PROGRESSING, false, degraded ? "Blocked" : "Reconciled", plan.reason(), generation),
        now);
    conditions = Conditions.set(conditions, degraded
        ? Conditions.of(Conditions.DEGRADED, true, stepError.isPresent() ? "StepFailed" : "MembershipBlocked",
            stepError.map(e -> plan.step().describe() + " failed: " + e).orElse(plan.reason()), generation)
        : Conditions.of(Conditions.DEGRADED, false, "AsExpected", "every member answers", generation), now);
    status.setConditions(conditions);
    return status;
  }

  /** Adds what the certificate step found: CertificatesReady and the issued certificates (TLS on only). */
  public static FerriumClusterStatus withCertificates(FerriumClusterStatus status, CertificateState certificates,
      Long generation, Instant now) {
    if (!certificates.enabled()) {
      status.setCertificates(null);
      status.setConditions(Conditions.remove(status.getConditions(), Conditions.CERTIFICATES_READY));
      return status;
    }
    status.setCertificates(certificates.certificates().isEmpty() ? null : certificates.certificates());
    status.setConditions(Conditions.set(status.getConditions(), Conditions.of(Conditions.CERTIFICATES_READY,
        certificates.ready(), certificates.reason(), certificates.message(), generation), now));
    return status;
  }

  private static Condition ready(Optional<ClusterView> view, Long generation) {
    if (view.isEmpty()) {
      return Conditions.of(Conditions.READY, false, "NotFormed", "no Raft group answers yet", generation);
    }
    ClusterView v = view.get();
    long liveVoters = v.voters().stream().filter(MemberView::reachable).count();
    if (!v.hasLeader() || liveVoters < QuorumGate.majority(v.voters().size())) {
      return Conditions.of(Conditions.READY, false, "NoQuorum",
          liveVoters + " of " + v.voters().size() + " voters answer; leader " + (v.hasLeader() ? v.leaderId() : "unknown"),
          generation);
    }
    return Conditions.of(Conditions.READY, true, "QuorumAvailable",
        "leader " + v.leaderId() + ", " + liveVoters + " of " + v.voters().size() + " voters answer", generation);
  }

  private static List<ClusterMember> members(ClusterView view) {
    return view.members().stream()
        .map(m -> new ClusterMember(m.id(), m.apiAddress(), role(m.role()), m.reachable(), m.lag()))
        .collect(Collectors.toList());
  }

  private static String role(MemberRole role) {
    switch (role) {
      case LEADER:
        return "Leader";
      case FOLLOWER:
        return "Follower";
      case CANDIDATE:
        return "Candidate";
      case LEARNER:
        return "Learner";
      default:
        return "Unknown";
    }
  }

  private static String reason(MembershipStep step) {
    return step instanceof MembershipStep.None ? "Waiting" : step.getClass().getSimpleName();
  }

  private static FerriumClusterStatus copyOf(FerriumClusterStatus status) {
    FerriumClusterStatus copy = new FerriumClusterStatus();
    if (status == null) {
      return copy;
    }
    copy.setPhase(status.getPhase());
    copy.setObservedGeneration(status.getObservedGeneration());
    copy.setReplicas(status.getReplicas());
    copy.setReadyReplicas(status.getReadyReplicas());
    copy.setSelector(status.getSelector());
    copy.setLeader(status.getLeader());
    copy.setClusterId(status.getClusterId());
    copy.setMembers(status.getMembers() == null ? new ArrayList<>() : new ArrayList<>(status.getMembers()));
    copy.setConditions(status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions()));
    copy.setCertificates(status.getCertificates());
    return copy;
  }
}
