package io.ferrium.operator.membership;

import io.ferrium.operator.membership.MembershipPlan.Health;
import io.ferrium.operator.membership.MembershipStep.AddLearner;
import io.ferrium.operator.membership.MembershipStep.Init;
import io.ferrium.operator.membership.MembershipStep.None;
import io.ferrium.operator.membership.MembershipStep.Promote;
import io.ferrium.operator.membership.MembershipStep.Remove;
import io.ferrium.operator.membership.MembershipStep.Shrink;
import io.ferrium.operator.membership.MembershipStep.TransferLeadership;
import io.ferrium.operator.model.FerriumResources;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Chooses the one next membership step from the desired size and what was observed. Pure: no I/O,
 * same inputs, same plan. Order of concern: never act on a cluster it cannot fully see; repair
 * members that lost their data; shed members beyond the spec (leadership first, highest ordinal
 * first); promote caught-up learners; add missing pods as learners; finally shrink the StatefulSet.
 */
public final class MembershipPlanner {
  private final String cluster;
  private final long maxLag;

  public MembershipPlanner(String cluster, long maxLag) {
    this.cluster = cluster;
    this.maxLag = maxLag;
  }

  /**
   * @param desired spec.replicas
   * @param current the StatefulSet's replicas now (0 if it does not exist yet)
   * @param knownClusterId the Raft group id recorded in status once formed, if any
   */
  public MembershipPlan plan(int desired, int current, Observation observed, Optional<String> knownClusterId) {
    int keep = Math.max(desired, current);
    if (observed.cluster().isEmpty()) {
      return withoutCluster(desired, keep, observed, knownClusterId);
    }
    ClusterView view = observed.cluster().get();
    if (knownClusterId.isPresent() && !knownClusterId.get().equals(view.clusterId())) {
      return degraded(keep, "pods belong to Raft group " + view.clusterId() + ", not to " + knownClusterId.get());
    }
    List<String> strangers = observed.pods().stream()
        .filter(p -> p.joined() && !p.clusterId().equals(view.clusterId())).map(PodView::id).collect(Collectors.toList());
    if (!strangers.isEmpty()) {
      return degraded(keep, "pods " + strangers + " are members of another Raft group; wipe their volumes to let them join");
    }
    if (!view.hasLeader()) {
      return degraded(keep, "the cluster has no leader; waiting for an election");
    }
    List<String> unreachable = view.members().stream().filter(m -> !m.reachable()).map(MemberView::id)
        .collect(Collectors.toList());
    if (!unreachable.isEmpty()) {
      return degraded(keep, "members " + unreachable + " do not answer; no membership change until they do");
    }
    return repairWiped(view, observed, keep)
        .or(() -> shedVictims(view, desired, keep))
        .or(() -> promoteLearners(view, desired, keep))
        .or(() -> addMissing(view, observed, desired, keep))
        .orElseGet(() -> current > desired
            ? new MembershipPlan(new Shrink(desired), desired, Health.PROGRESSING,
                "members beyond " + desired + " have left; shrinking the StatefulSet")
            : new MembershipPlan(new None(), keep, Health.STEADY,
                view.voters().size() + " voters, leader " + view.leaderId()));
  }

  private MembershipPlan withoutCluster(int desired, int keep, Observation observed, Optional<String> knownClusterId) {
    if (knownClusterId.isPresent()) {
      return degraded(keep, "no member of Raft group " + knownClusterId.get() + " answers");
    }
    if (observed.pods().stream().anyMatch(PodView::joined)) {
      return degraded(keep, "pods report a cluster, but none gives its membership");
    }
    List<String> initial = IntStream.range(0, desired).mapToObj(i -> FerriumResources.pod(cluster, i))
        .collect(Collectors.toList());
    List<String> waiting = initial.stream()
        .filter(id -> observed.pod(id).map(p -> !p.unjoined()).orElse(true)).collect(Collectors.toList());
    if (!waiting.isEmpty()) {
      return new MembershipPlan(new None(), keep, Health.PROGRESSING, "waiting for pods " + waiting + " to start");
    }
    return new MembershipPlan(new Init(initial), keep, Health.PROGRESSING, "forming the cluster");
  }

  private Optional<MembershipPlan> repairWiped(ClusterView view, Observation observed, int keep) {
    for (MemberView member : view.members()) {
      boolean wiped = observed.pod(member.id()).map(PodView::unjoined).orElse(false);
      if (wiped) {
        return Optional.of(QuorumGate.canRemove(view, member.id())
            ? progressing(new Remove(member.id(), "its data was lost; it rejoins as a new learner"), keep)
            : degraded(keep, member.id() + " lost its data but removing it would cost the quorum"));
      }
    }
    return Optional.empty();
  }

  private Optional<MembershipPlan> shedVictims(ClusterView view, int desired, int keep) {
    Comparator<MemberView> highestFirst = Comparator.comparingInt((MemberView m) -> ordinal(m)).reversed();
    List<MemberView> victims = view.members().stream().filter(m -> ordinal(m) >= desired).sorted(highestFirst)
        .collect(Collectors.toList());
    Optional<MemberView> learner = victims.stream().filter(m -> !m.voter()).findFirst();
    if (learner.isPresent()) {
      return Optional.of(progressing(new Remove(learner.get().id(), "scale down to " + desired), keep));
    }
    if (victims.isEmpty()) {
      return Optional.empty();
    }
    Optional<MemberView> leaderVictim = victims.stream().filter(m -> m.id().equals(view.leaderId())).findFirst();
    if (leaderVictim.isPresent()) {
      Optional<MemberView> successor = view.voters().stream()
          .filter(v -> ordinal(v) >= 0 && ordinal(v) < desired && v.reachable())
          .min(Comparator.comparingLong(MemberView::lag));
      return Optional.of(successor.isPresent()
          ? progressing(new TransferLeadership(view.leaderId(), successor.get().id()), keep)
          : degraded(keep, "leader " + view.leaderId() + " must leave but no other voter can take over"));
    }
    MemberView victim = victims.get(0);
    return Optional.of(QuorumGate.canRemove(view, victim.id())
        ? progressing(new Remove(victim.id(), "scale down to " + desired), keep)
        : degraded(keep, "removing " + victim.id() + " would cost the quorum"));
  }

  private Optional<MembershipPlan> promoteLearners(ClusterView view, int desired, int keep) {
    for (MemberView learner : view.learners()) {
      if (ordinal(learner) < 0 || ordinal(learner) >= desired) {
        continue;
      }
      return Optional.of(CatchUpGate.caughtUp(learner, maxLag)
          ? progressing(new Promote(learner.id()), keep)
          : new MembershipPlan(new None(), keep, Health.PROGRESSING,
              "learner " + learner.id() + " is catching up (" + learner.lag() + " entries behind)"));
    }
    return Optional.empty();
  }

  private Optional<MembershipPlan> addMissing(ClusterView view, Observation observed, int desired, int keep) {
    for (int ordinal = 0; ordinal < desired; ordinal++) {
      String id = FerriumResources.pod(cluster, ordinal);
      if (view.contains(id)) {
        continue;
      }
      Optional<PodView> pod = observed.pod(id);
      if (pod.map(PodView::unjoined).orElse(false)) {
        return Optional.of(progressing(new AddLearner(id), keep));
      }
      if (pod.map(PodView::joined).orElse(false)) {
        return Optional.of(degraded(keep, id + " still holds the data of a former membership; wipe its volume"));
      }
      return Optional.of(new MembershipPlan(new None(), keep, Health.PROGRESSING, "waiting for pod " + id + " to start"));
    }
    return Optional.empty();
  }

  private int ordinal(MemberView member) {
    return FerriumResources.ordinal(cluster, member.id());
  }

  private static MembershipPlan progressing(MembershipStep step, int keep) {
    return new MembershipPlan(step, keep, Health.PROGRESSING, step.describe());
  }

  private static MembershipPlan degraded(int keep, String reason) {
    return new MembershipPlan(new None(), keep, Health.DEGRADED, reason);
  }
}
