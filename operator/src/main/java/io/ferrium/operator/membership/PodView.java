package io.ferrium.operator.membership;

/**
 * One pod as its own node reports it. {@code reachable} is false when its management API did not
 * answer; {@code joined} is true when it is a member of some cluster, {@code clusterId} says which.
 */
public record PodView(String id, int ordinal, boolean reachable, boolean joined, String clusterId, String detail) {
  public static PodView unreachable(String id, int ordinal, String detail) {
    return new PodView(id, ordinal, false, false, "", detail);
  }

  public boolean unjoined() {
    return reachable && !joined;
  }
}
