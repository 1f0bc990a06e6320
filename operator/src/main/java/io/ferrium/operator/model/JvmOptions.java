package io.ferrium.operator.model;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * The node container's JVM options ({@code JAVA_TOOL_OPTIONS}). A Ferrium node keeps its data off the
 * heap: RocksDB's memory and gRPC's direct buffers (large values pass through several of them) sit
 * beside the heap, and the JVM lets direct buffers grow as large as the heap unless told otherwise;
 * sized from the heap alone, the two could together outgrow the limit under a burst of large writes,
 * and the kernel would kill the pod. With a memory limit the operator therefore sets both: heap 40 %,
 * direct buffers 20 %, the remaining 40 % for RocksDB, metaspace, compiled code and thread stacks
 * (~150 MiB for a node under load). The garbage collector is the JVM's choice (Serial below 2 CPUs or
 * 1792 MiB, G1 above).
 */
public final class JvmOptions {
  static final String ENV = "JAVA_TOOL_OPTIONS";
  /** Below this limit a node under load does not fit: ~150 MiB beside heap and direct buffers. */
  public static final long MIN_MEMORY_LIMIT_MIB = 384;
  static final int HEAP_PERCENT = 40;
  static final int DIRECT_PERCENT = 20;
  private static final String ALWAYS = "-XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=5000";
  private static final BigDecimal MIB = BigDecimal.valueOf(1024L * 1024);

  private JvmOptions() {}

  /** The options the node runs with; empty leaves the image's default (no memory limit to size from). */
  public static Optional<String> of(ClusterSpec spec) {
    if (spec.jvmOptions() != null) {
      return Optional.of(spec.jvmOptions());
    }
    return memoryLimitMib(spec.resources()).map(limit -> "-Xmx" + limit * HEAP_PERCENT / 100 + "m"
        + " -XX:MaxDirectMemorySize=" + limit * DIRECT_PERCENT / 100 + "m " + ALWAYS);
  }

  /** The container's memory limit in MiB (rounded down), if it has one. */
  public static Optional<Long> memoryLimitMib(ResourceRequirements resources) {
    if (resources == null || resources.getLimits() == null) {
      return Optional.empty();
    }
    Quantity limit = resources.getLimits().get("memory");
    return limit == null ? Optional.empty()
        : Optional.of(Quantity.getAmountInBytes(limit).divideToIntegralValue(MIB).longValueExact());
  }
}
