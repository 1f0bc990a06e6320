package io.ferrium.operator.membership;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The Raft configuration as seen by (preferably) the leader. {@code leaderId} is empty when unknown. */
public record ClusterView(String clusterId, String leaderId, List<MemberView> members) {
  public ClusterView {
    members = List.copyOf(members);
  }

  public Optional<MemberView> member(String id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  public boolean contains(String id) {
    return member(id).isPresent();
  }

  public List<MemberView> voters() {
    return members.stream().filter(MemberView::voter).collect(Collectors.toList());
  }

  public List<MemberView> learners() {
    return members.stream().filter(m -> !m.voter()).collect(Collectors.toList());
  }

  public boolean hasLeader() {
    return !leaderId.isEmpty();
  }
}
