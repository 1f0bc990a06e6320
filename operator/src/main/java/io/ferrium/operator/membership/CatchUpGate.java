package io.ferrium.operator.membership;

/** Allows promoting a learner only when it answers and is within {@code maxLag} entries of the leader. */
public final class CatchUpGate {
  /** The node's own default for PromoteMember. */
  public static final long DEFAULT_MAX_LAG = 100;

  private CatchUpGate() {}

  public static boolean caughtUp(MemberView learner, long maxLag) {
    return learner.reachable() && learner.lag() <= maxLag;
  }
}
