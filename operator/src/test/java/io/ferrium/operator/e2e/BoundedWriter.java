package io.ferrium.operator.e2e;

import io.ferrium.client.FerriumClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A client writing distinct keys one after another through the service endpoint until stopped, or
 * until it has written {@code maxWrites} or run for {@code maxTime}. Records which writes were
 * acknowledged (they must all be readable later) and which requests failed, with why.
 */
final class BoundedWriter implements AutoCloseable {
  private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  BoundedWriter(FerriumClient client, String prefix, int maxWrites, Duration maxTime) {
    Instant deadline = Instant.now().plus(maxTime);
    thread = new Thread(() -> {
      for (int i = 0; i < maxWrites && running.get() && Instant.now().isBefore(deadline); i++) {
        String key = prefix + "-" + i;
        try {
          client.put(key, "v" + i);
          acknowledged.put(key, "v" + i);
        } catch (RuntimeException e) {
          failures.add(key + ": " + e);
        }
        // At most ~200 writes a second however fast the cluster is, so that a scenario's writer
        // still writes when the scenario ends and the writes read back at the end stay few.
        LockSupport.parkNanos(PACE_NANOS);
      }
    }, "writer-" + prefix);
    thread.setDaemon(true);
    thread.start();
  }

  int acknowledgedCount() {
    return acknowledged.size();
  }

  Map<String, String> acknowledged() {
    return Map.copyOf(acknowledged);
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  boolean finished() {
    return !thread.isAlive();
  }

  /** Stops and waits for the write in flight. */
  BoundedWriter stop() throws InterruptedException {
    running.set(false);
    thread.join(60_000);
    return this;
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
