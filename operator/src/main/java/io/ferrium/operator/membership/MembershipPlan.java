package io.ferrium.operator.membership;

/**
 * The planner's decision: the next step, the StatefulSet size to apply with it, and how healthy the
 * cluster looks ({@code reason} explains it to a person).
 */
public record MembershipPlan(MembershipStep step, int statefulSetReplicas, Health health, String reason) {
  public enum Health {
    /** The membership matches the spec and every member answers. */
    STEADY,
    /** Working towards the spec: waiting for pods, learners catching up, or a change under way. */
    PROGRESSING,
    /** Something needs attention (a member unreachable, no leader); nothing destructive is done. */
    DEGRADED
  }
}
