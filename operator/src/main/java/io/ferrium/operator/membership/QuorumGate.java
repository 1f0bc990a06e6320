package io.ferrium.operator.membership;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Allows taking a voter away only if the quorum survives it: the voters that answer must be a
 * majority both of the configuration now and of the configuration without the victim.
 */
public final class QuorumGate {
  private QuorumGate() {}

  public static int majority(int voters) {
    return voters / 2 + 1;
  }

  public static boolean canRemove(ClusterView cluster, String id) {
    List<MemberView> voters = cluster.voters();
    boolean isVoter = voters.stream().anyMatch(v -> v.id().equals(id));
    if (!isVoter) {
      return cluster.contains(id); // a learner does not vote: removing it never costs the quorum
    }
    List<MemberView> remaining = voters.stream().filter(v -> !v.id().equals(id)).collect(Collectors.toList());
    if (remaining.isEmpty()) {
      return false;
    }
    long liveNow = voters.stream().filter(MemberView::reachable).count();
    long liveAfter = remaining.stream().filter(MemberView::reachable).count();
    return liveNow >= majority(voters.size()) && liveAfter >= majority(remaining.size());
  }
}
