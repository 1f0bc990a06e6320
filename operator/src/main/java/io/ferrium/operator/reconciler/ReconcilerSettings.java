package io.ferrium.operator.reconciler;

import io.ferrium.operator.membership.CatchUpGate;
import java.time.Duration;

/**
 * Timing of the reconciler. {@code stepInterval}: after a change, or while waiting for pods;
 * {@code resyncInterval}: re-checking a steady cluster; degraded clusters back off from
 * {@code retryInitial} up to {@code retryMax}. {@code certificatePropagation}: how long a changed Secret
 * may take to reach the pods' files (kubelet sync period and cache, then the node's reload poll);
 * CA rotation waits that long between its steps.
 */
public record ReconcilerSettings(Duration stepInterval, Duration resyncInterval, Duration retryInitial,
    Duration retryMax, long maxLag, Duration certificatePropagation) {
  public static ReconcilerSettings defaults() {
    return new ReconcilerSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(2),
        Duration.ofMinutes(2), CatchUpGate.DEFAULT_MAX_LAG, Duration.ofMinutes(3));
  }
}
