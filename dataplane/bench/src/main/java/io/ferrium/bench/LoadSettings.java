package io.ferrium.bench;

import java.time.Duration;

/**
 * One run's load: the workload, how many requests are in flight, the shape of keys and values, and
 * its bounds. A run stops at {@code warmup + duration} or after {@code maxOps} measured operations,
 * whichever comes first, and waits at most {@code requestTimeout} for the requests still in flight.
 */
public record LoadSettings(
    Workload workload,
    int outstanding,
    int keySize,
    int valueSize,
    int keyspace,
    Duration warmup,
    Duration duration,
    long maxOps,
    Duration requestTimeout,
    long seed) {

  /** Upper bounds that keep a mistyped option from running for hours or exhausting memory. */
  static final int MAX_OUTSTANDING = 4096;
  static final int MAX_KEYSPACE = 10_000_000;
  static final Duration MAX_DURATION = Duration.ofHours(1);

  public LoadSettings {
    require(outstanding >= 1 && outstanding <= MAX_OUTSTANDING, "--outstanding must be 1.." + MAX_OUTSTANDING);
    require(keyspace >= 1 && keyspace <= MAX_KEYSPACE, "--keyspace must be 1.." + MAX_KEYSPACE);
    require(keySize >= KeySpace.minKeySize(keyspace) && keySize <= 4096,
        "--key-size must be " + KeySpace.minKeySize(keyspace) + "..4096 bytes for a keyspace of " + keyspace);
    require(valueSize >= 0 && valueSize <= 1024 * 1024, "--value-size must be 0..1048576 bytes");
    require(!warmup.isNegative() && warmup.compareTo(MAX_DURATION) <= 0, "--warmup must be 0..3600 seconds");
    require(!duration.isNegative() && !duration.isZero() && duration.compareTo(MAX_DURATION) <= 0,
        "--duration must be more than 0 and at most 3600 seconds");
    require(maxOps >= 1, "--max-ops must be at least 1");
    require(!requestTimeout.isNegative() && !requestTimeout.isZero(), "--request-timeout must be positive");
  }

  /** Defaults of the issue: 16-byte keys, 100-byte values, 10,000 keys, 2 s warm-up, 10 s measured. */
  public static LoadSettings defaults(Workload workload, int outstanding) {
    return new LoadSettings(workload, outstanding, 16, 100, 10_000, Duration.ofSeconds(2), Duration.ofSeconds(10),
        10_000_000, Duration.ofSeconds(10), 1);
  }

  public LoadSettings withTiming(Duration newWarmup, Duration newDuration) {
    return new LoadSettings(workload, outstanding, keySize, valueSize, keyspace, newWarmup, newDuration, maxOps,
        requestTimeout, seed);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
