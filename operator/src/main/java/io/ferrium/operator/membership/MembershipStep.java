package io.ferrium.operator.membership;

import java.util.List;

/** The one membership change the operator makes next. */
public sealed interface MembershipStep {
  /** A short verb phrase for logs, events and status. */
  String describe();

  /** Whether the step takes a member's vote or data away. */
  default boolean destructive() {
    return false;
  }

  /** Forms the cluster from these unjoined pods, asking the first of them. */
  record Init(List<String> memberIds) implements MembershipStep {
    public Init {
      memberIds = List.copyOf(memberIds);
    }

    @Override
    public String describe() {
      return "form the cluster from " + String.join(", ", memberIds);
    }
  }

  record AddLearner(String id) implements MembershipStep {
    @Override
    public String describe() {
      return "add " + id + " as a learner";
    }
  }

  record Promote(String id) implements MembershipStep {
    @Override
    public String describe() {
      return "promote learner " + id + " to voter";
    }
  }

  record TransferLeadership(String from, String to) implements MembershipStep {
    @Override
    public String describe() {
      return "move leadership from " + from + " to " + to;
    }
  }

  record Remove(String id, String why) implements MembershipStep {
    @Override
    public String describe() {
      return "remove " + id + " (" + why + ")";
    }

    @Override
    public boolean destructive() {
      return true;
    }
  }

  /** Every member beyond spec.replicas has left the Raft group: shrink the StatefulSet. */
  record Shrink(int replicas) implements MembershipStep {
    @Override
    public String describe() {
      return "shrink the StatefulSet to " + replicas;
    }

    @Override
    public boolean destructive() {
      return true;
    }
  }

  /** Nothing to change now. */
  record None() implements MembershipStep {
    @Override
    public String describe() {
      return "nothing";
    }
  }
}
