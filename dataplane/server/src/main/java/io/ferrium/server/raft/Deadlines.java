package io.ferrium.server.raft;

import io.ferrium.server.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fails the futures that are not complete by their deadline: one thread sweeps those pending every
 * tick, so a deadline holds to within a tick. {@link CompletableFuture#orTimeout} instead schedules
 * a task per future on a shared timer that keeps even the cancelled ones queued until their time:
 * with a 10 s timeout, a leader answering 1,000 writes/s held 10,000 dead tasks (promoted to the
 * old generation, then collected by full collections) and its timer thread woke about once per
 * write to discard them.
 */
final class Deadlines implements AutoCloseable {
  private final Map<CompletableFuture<?>, Long> pending = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sweeper;

  Deadlines(Duration tick, String threadName) {
    sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
    sweeper.scheduleWithFixedDelay(this::sweep, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Completes {@code future} with a {@link TimeoutException} if it is still pending after {@code timeoutMs}. */
  <T> CompletableFuture<T> within(CompletableFuture<T> future, long timeoutMs) {
    if (!future.isDone()) {
      pending.put(future, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
      future.whenComplete((result, error) -> pending.remove(future));
    }
    return future;
  }

  /** Futures still waiting for their result or their deadline. */
  int pending() {
    return pending.size();
  }

  private void sweep() {
    long now = System.nanoTime();
    pending.forEach((future, deadline) -> {
      if (now - deadline >= 0) {
        future.completeExceptionally(new TimeoutException("no result before the deadline"));
      }
    });
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
