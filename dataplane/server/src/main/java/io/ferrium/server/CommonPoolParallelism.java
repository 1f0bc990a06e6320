package io.ferrium.server;

import java.util.concurrent.ForkJoinPool;

/**
 * Keeps CompletableFuture's default executor a pool. Ratis continues every follower append with
 * {@code thenComposeAsync} on that executor; when the JDK's common pool has parallelism 1 (its
 * default on a machine or container with 2 processors or fewer), CompletableFuture starts a new
 * thread for every such task instead: on a 2-core follower under write load, 9 % of its CPU went to
 * starting threads (async-profiler). The property must be set before CompletableFuture is first used,
 * so the command line entry point calls {@link #configure()} first.
 */
public final class CommonPoolParallelism {
  public static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
  public static final int MINIMUM = 2;

  private CommonPoolParallelism() {
  }

  /** Sets the common pool's parallelism to at least {@link #MINIMUM}, unless the user set it. */
  public static void configure() {
    if (System.getProperty(PROPERTY) == null) {
      int processors = Runtime.getRuntime().availableProcessors();
      System.setProperty(PROPERTY, Integer.toString(Math.max(MINIMUM, processors - 1)));
    }
  }

  /** Whether CompletableFuture's default executor is a pool (not a thread per task). */
  public static boolean sufficient() {
    return ForkJoinPool.getCommonPoolParallelism() >= MINIMUM;
  }
}
