package io.ferrium.server.raft;

import io.ferrium.server.DaemonThreads;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import org.apache.ratis.thirdparty.io.netty.util.concurrent.FastThreadLocalThread;

/**
 * The executor of the leader's streams to its followers: a follower's answer is handled on the
 * transport's I/O thread that read it, instead of being handed to a pool thread each.
 *
 * <p>gRPC hands every callback of a call to the call's executor. Run on an I/O thread of Ratis's
 * transport (a Netty event loop thread), a callback runs there at once: Ratis's answer handler only
 * updates the follower's progress and, through {@link InlineCommitLeaderState}, the commit index,
 * under locks that no thread holds while it waits for the network.
 *
 * <p>Any other thread hands the callback to a pool. That case matters: a call to a peer that is
 * down fails at once, on the thread that starts it, and that thread is the log appender inside its
 * locked block that opens the stream. Run there, Ratis's error handler would reset the stream
 * before the appender has stored it, and the appender would then wait forever on a dead stream.
 * gRPC's direct executor did exactly that (a restarted follower never caught up).
 *
 * <p>What an I/O thread may then wait for, briefly: the appender's lock (Ratis's handlers of an
 * error, an inconsistent follower or a snapshot chunk take it), which the appender holds while it
 * builds the next request (a read of a log segment from disk when a lagging follower needs entries
 * no longer cached), and the server's lock that the commit takes. No holder of either waits for an
 * I/O thread, so these are delays of the channels served by that thread, never a deadlock. The
 * stubs also carry the ReadIndex calls a follower makes; their answers continue on a pool (see
 * {@code RaftNode}).
 *
 * <p>Switched on and off every 10 s in one 3-node cluster on a 2-core machine, with
 * {@link LogWorkerReplies} in place: puts at 1 in flight 553 -> 590/s, p99 5.26 -> 4.87 ms; at 64
 * in flight no change (4,937 and 4,968/s).
 */
final class IoThreadAnswers implements Executor {
  /** The executor for all streams of this process's leaders. */
  static final IoThreadAnswers EXECUTOR = new IoThreadAnswers(
      Executors.newCachedThreadPool(DaemonThreads.named("ferrium-peer-answers")));

  /** Callbacks run on an I/O thread, in this process. */
  static final LongAdder INLINE = new LongAdder();

  private final ExecutorService pool;

  IoThreadAnswers(ExecutorService pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    if (Thread.currentThread() instanceof FastThreadLocalThread) {
      INLINE.increment();
      task.run();
    } else {
      pool.execute(task);
    }
  }

}
