package io.ferrium.server;

import java.util.concurrent.ForkJoinPool;

/**
 * JVM settings the node needs that only system properties can make, set by the command line entry
 * point before the classes that read them load. A property the user set on the command line wins.
 *
 * <ul>
 *   <li>The common pool's parallelism, at least 2. Ratis continues every follower append with
 *       {@code thenComposeAsync} on CompletableFuture's default executor; when the common pool has
 *       parallelism 1 (the JDK's default with 2 processors or fewer), CompletableFuture starts a new
 *       thread for every such task: on a 2-core follower under write load, 9 % of its CPU went to
 *       starting threads (async-profiler).
 *   <li>Netty's pooled buffer arenas, one per 2 processors for each of the two Netty copies (gRPC's
 *       and Ratis's, both shaded) instead of Netty's two per processor: every arena holds its own
 *       chunks of a few MiB, and on a 2-core node the extra arenas cost ~20 MiB of resident memory.
 * </ul>
 */
public final class JvmDefaults {
  public static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  public static final int MINIMUM_COMMON_POOL_PARALLELISM = 2;
  private static final String[] NETTY_PREFIXES = {"io.grpc.netty.shaded.", "org.apache.ratis.thirdparty."};

  private JvmDefaults() {
  }

  public static void apply() {
    int processors = Runtime.getRuntime().availableProcessors();
    setIfAbsent(COMMON_POOL_PARALLELISM, Math.max(MINIMUM_COMMON_POOL_PARALLELISM, processors - 1));
    int arenas = Math.max(1, processors / 2);
    for (String prefix : NETTY_PREFIXES) {
      setIfAbsent(prefix + "io.netty.allocator.numDirectArenas", arenas);
      setIfAbsent(prefix + "io.netty.allocator.numHeapArenas", arenas);
    }
  }

  /** Whether CompletableFuture's default executor is a pool (not a thread per task). */
  public static boolean commonPoolSufficient() {
    return ForkJoinPool.getCommonPoolParallelism() >= MINIMUM_COMMON_POOL_PARALLELISM;
  }

  private static void setIfAbsent(String key, int value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, Integer.toString(value));
    }
  }
}
