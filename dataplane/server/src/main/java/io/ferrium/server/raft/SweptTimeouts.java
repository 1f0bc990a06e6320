package io.ferrium.server.raft;

import io.ferrium.server.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.ratis.util.TimeDuration;
import org.apache.ratis.util.TimeoutExecutor;
import org.apache.ratis.util.function.CheckedRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Ratis {@link TimeoutExecutor} that one thread sweeps every tick, for the log appenders' append
 * timeouts ({@link CommitPropagatingLogAppender}).
 *
 * <p>Ratis's appender schedules a timeout check for every append message it sends, on Ratis's
 * shared {@code TimeoutTimer}: a {@link java.util.Timer} task per message, never cancelled (the
 * check finds the answered message gone and does nothing). A leader with two followers taking
 * 1,200 writes/s thus kept ~7,000 tasks queued for the 3 s RPC timeout, long enough to be copied by
 * every young collection, and its timer threads woke for each, ~5 % of the leader's CPU. Here a
 * check is an entry in a queue per timeout length (entries of one length expire in the order they
 * were added) and the sweeper runs those due each tick: a check runs at most a tick late, against
 * a timeout of seconds.
 */
final class SweptTimeouts implements TimeoutExecutor, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SweptTimeouts.class);

  /** Shared by the log appenders of every Raft server in this process, as Ratis's own timer is. */
  static final SweptTimeouts APPENDERS = new SweptTimeouts(Duration.ofMillis(50), "ferrium-append-timeouts");

  private record Check(long deadline, Runnable task) {
  }

  /** Pending checks by timeout length in nanoseconds; within a queue, deadlines rise. */
  private final Map<Long, Queue<Check>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final ScheduledExecutorService sweeper;

  SweptTimeouts(Duration tick, String threadName) {
    sweeper = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
    sweeper.scheduleWithFixedDelay(this::sweep, tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public int getTaskCount() {
    return count.get();
  }

  @Override
  public <T extends Throwable> void onTimeout(TimeDuration timeout, CheckedRunnable<T> task, Consumer<T> errorHandler) {
    long nanos = timeout.toLong(TimeUnit.NANOSECONDS);
    Runnable guarded = () -> {
      try {
        task.run();
      } catch (Throwable t) {
        errorHandler.accept(uncheckedCast(t));
      }
    };
    count.incrementAndGet();
    pending.computeIfAbsent(nanos, n -> new ConcurrentLinkedQueue<>()).add(new Check(System.nanoTime() + nanos, guarded));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T uncheckedCast(Throwable t) {
    return (T) t;
  }

  /** Runs the checks that are due; a failing check (or its handler) does not stop the others. */
  void sweep() {
    long now = System.nanoTime();
    for (Queue<Check> queue : pending.values()) {
      for (Check check = queue.peek(); check != null && now - check.deadline() >= 0; check = queue.peek()) {
        queue.poll();
        count.decrementAndGet();
        try {
          check.task().run();
        } catch (RuntimeException | Error e) {
          LOG.error("A Raft timeout check failed: {}", e.toString(), e);
        }
      }
    }
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
  }
}
