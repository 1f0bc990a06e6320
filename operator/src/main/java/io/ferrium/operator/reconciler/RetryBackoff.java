package io.ferrium.operator.reconciler;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Exponential delay between attempts while a cluster stays degraded, reset once it is not. */
public final class RetryBackoff {
  private final Duration initial;
  private final Duration max;
  private final Map<String, Integer> failures = new ConcurrentHashMap<>();

  public RetryBackoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
  }

  /** Records one more degraded attempt for {@code key} and returns how long to wait. */
  public Duration next(String key) {
    int n = failures.merge(key, 1, Integer::sum);
    long millis = initial.toMillis() << Math.min(n - 1, 20);
    return Duration.ofMillis(Math.min(millis, max.toMillis()));
  }

  public void reset(String key) {
    failures.remove(key);
  }
}
