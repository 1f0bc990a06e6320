package io.ferrium.server.raft;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A follower answers an append request on the log worker thread that synced its entries, instead
 * of handing the answer to a thread of Ratis's server pool.
 *
 * <p>Ratis continues a follower's append with {@code whenCompleteAsync(..., serverExecutor)} once
 * the log worker has synced the entries: a thread wake-up on every write's path before the answer
 * goes out. This executor takes the place of {@code serverExecutor} and runs that continuation on
 * the worker itself (it advances the follower's commit index and writes the answer to the stream,
 * which only queues it). Every other task, e.g. the blocking call of a leadership transfer, still
 * goes to Ratis's pool.
 *
 * <p>The continuation takes the log's write lock, which a thread appending entries holds while it
 * waits for room in the worker's queue; were the worker to wait for that lock, the two would stall
 * each other until Ratis's lock timeout (1 s). So while another thread holds the lock, the
 * continuation goes to Ratis's pool as before.
 *
 * <p>Measured on a 2-core machine, three local nodes, this and the leader's handling of the answers
 * on I/O threads ({@link IoThreadAnswers}) each switched on and off every 10 s in the
 * same processes, ~45 one-second windows of each of the four combinations: puts at 1 in flight
 * 611/s with neither, 646/s with this alone, 703/s with both; at 64 in flight 6,071, 6,493 and
 * 6,539/s. The leader's change alone gave 631/s and 5,870/s.
 *
 * <p>Ratis offers no setting for this, so the division's private {@code serverExecutor} field is
 * replaced and the log's private {@code lock} read; should a Ratis upgrade rename them, the node
 * logs a warning and keeps Ratis's pool (a hand-off slower, not wrong), and
 * {@code LogWorkerRepliesTest} fails.
 */
final class LogWorkerReplies extends AbstractExecutorService {
  private static final Logger LOG = LoggerFactory.getLogger(LogWorkerReplies.class);
  private static final String WITHOUT = "a follower's append answers go through Ratis's server pool, one hand-off later";
  static final Optional<Field> SERVER_EXECUTOR = RatisInternals.find("org.apache.ratis.server.impl.RaftServerImpl",
      "serverExecutor", ExecutorService.class, WITHOUT);
  static final Optional<Field> LOG_LOCK = RatisInternals.find("org.apache.ratis.server.raftlog.RaftLogBase",
      "lock", ReentrantReadWriteLock.class, WITHOUT);
  /** The name Ratis gives a division's log worker thread, after the division's member id. */
  static final String WORKER_SUFFIX = "-SegmentedRaftLogWorker";

  /** Tasks run on a log worker thread, in this process. */
  static final LongAdder INLINE = new LongAdder();

  private final ExecutorService ratis;
  private final String workerName;
  /** The log's lock, looked up on the worker's first task: the log exists once the division runs. */
  private final Supplier<ReentrantReadWriteLock> logLock;
  private ReentrantReadWriteLock lock;

  LogWorkerReplies(ExecutorService ratis, String workerName, Supplier<ReentrantReadWriteLock> logLock) {
    this.ratis = ratis;
    this.workerName = workerName;
    this.logLock = logLock;
  }

  /** Puts this executor in the division's place of Ratis's server pool, once. */
  static void install(RaftServer.Division division) {
    if (SERVER_EXECUTOR.isEmpty() || LOG_LOCK.isEmpty()) {
      return;
    }
    Field field = SERVER_EXECUTOR.get();
    try {
      ExecutorService current = (ExecutorService) field.get(division);
      if (!(current instanceof LogWorkerReplies)) {
        field.set(division, new LogWorkerReplies(current, division.getMemberId() + WORKER_SUFFIX,
            () -> logLock(division)));
      }
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.warn("Could not answer appends on the log worker of {} ({}): {}", division.getMemberId(), e, WITHOUT);
    }
  }

  /** The division's log's lock, or null if its log is not one that has it. */
  private static ReentrantReadWriteLock logLock(RaftServer.Division division) {
    Field field = LOG_LOCK.orElseThrow();
    try {
      Object log = division.getRaftLog();
      return field.getDeclaringClass().isInstance(log) ? (ReentrantReadWriteLock) field.get(log) : null;
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.warn("Could not read the log's lock of {} ({}): {}", division.getMemberId(), e, WITHOUT);
      return null;
    }
  }

  @Override
  public void execute(Runnable task) {
    if (Thread.currentThread().getName().equals(workerName) && logUnlocked()) {
      INLINE.increment();
      task.run();
    } else {
      ratis.execute(task);
    }
  }

  /** Whether no thread holds the log's write lock; called on the worker thread only. */
  private boolean logUnlocked() {
    if (lock == null) {
      lock = logLock.get();
    }
    return lock != null && !lock.isWriteLocked();
  }

  @Override
  public void shutdown() {
    ratis.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return ratis.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return ratis.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return ratis.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return ratis.awaitTermination(timeout, unit);
  }
}
