package io.ferrium.server.node;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of client writes a node holds at once: received and waiting for their Raft entry,
 * replicating, or relayed to the leader. Without a bound, 64 clients writing 1 MiB values ran a node
 * with a 128 MiB heap out of heap and direct memory. A write over the bound fails at once with
 * {@link NodeBusyException} (UNAVAILABLE over gRPC, 503 with Retry-After over HTTP): nothing of it
 * was applied, and clients retry it with backoff. A write alone is always admitted, whatever its size
 * (the request size limit bounds it).
 */
public final class WriteAdmission {
  private final long limitBytes;
  private final AtomicLong inFlight = new AtomicLong();

  public WriteAdmission(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("the write admission limit must be positive, not " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  /** An eighth of the heap, and at least two of the largest requests. */
  public static long defaultLimit(long maxHeapBytes, int maxRequestBytes) {
    return Math.max(2L * maxRequestBytes, maxHeapBytes / 8);
  }

  /** Admits {@code bytes} more, or says why not; every admitted write must be {@link #release}d. */
  public void acquire(long bytes) {
    long now = inFlight.addAndGet(bytes);
    if (now > limitBytes && now != bytes) {
      inFlight.addAndGet(-bytes);
      throw new NodeBusyException(String.format("this node holds %.1f MiB of writes in flight, its limit is"
          + " %.1f MiB; retry with backoff (or raise the node's memory)", (now - bytes) / 1048576.0,
          limitBytes / 1048576.0));
    }
  }

  public void release(long bytes) {
    inFlight.addAndGet(-bytes);
  }

  public long inFlightBytes() {
    return inFlight.get();
  }

  public long limitBytes() {
    return limitBytes;
  }

  /** Too many bytes of writes in flight on this node; the write was not applied. */
  public static final class NodeBusyException extends RuntimeException {
    public NodeBusyException(String message) {
      super(message);
    }
  }
}
