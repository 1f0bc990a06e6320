package io.ferrium.server.raft;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc.RaftServerProtocolServiceStub;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerRpcWithProxy;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.raftlog.RaftLogIOException;
import org.apache.ratis.thirdparty.io.grpc.stub.CallStreamObserver;
import org.apache.ratis.util.AwaitForSignal;
import org.apache.ratis.util.TimeoutExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's gRPC log appender, plus: a follower waiting to serve a read learns the commit index it
 * needs as soon as it can use it, instead of at its next heartbeat.
 *
 * <p>A linearizable read on a follower asks the leader for a read index (the leader's commit
 * index), then waits until the follower has applied that far. Ratis's leader answers and triggers a
 * heartbeat carrying its commit index; but a follower that has not yet flushed the newest entries
 * when that heartbeat arrives cannot commit them, and once it has flushed and acknowledged them,
 * Ratis sends nothing until the next heartbeat is due (half the minimum election timeout) when
 * there are no new entries. Measured before this class: reads right after a write stalled for
 * 500 ms (p99.9 of a 90/10 read/write mix through a follower).
 *
 * <p>So a triggered heartbeat records the commit index the follower is waiting for, and until the
 * follower reports that far, each time it acknowledges entries it has not committed yet it is sent
 * the commit index at once. Only reads cause these extra messages: sending the commit index after
 * every commit, as etcd does, cost sequential writes a third of their rate here. The sends stop by
 * themselves: each reply raises the follower's commit index to at least the smaller of the
 * leader's and its own match index.
 *
 * <p>Its append timeouts are checked by {@link SweptTimeouts} instead of a timer task per message.
 *
 * <p>A follower's answers are handled on the transport's I/O thread that read them
 * ({@link IoThreadAnswers}), instead of being handed to a thread of gRPC's default pool each.
 *
 * <p>A new entry for a follower that has answered everything is sent by the thread that appended
 * it, when the appender's thread is idle, instead of waking that thread to send it: one thread
 * hand-off less on a lone writer's path (see {@link #sendInline()}).
 *
 * <p>Ratis offers no setting for these, so the appender's private {@code scheduler} field and the
 * peer client's private stub fields are replaced, and its private {@code appendLog} method and
 * stream field are used; should a Ratis upgrade rename them, the appender logs a warning and keeps
 * Ratis's timer, pool or thread (slower, not wrong), and {@code CommitPropagatingLogAppenderTest}
 * fails.
 */
final class CommitPropagatingLogAppender extends GrpcLogAppender {
  private static final Logger LOG = LoggerFactory.getLogger(CommitPropagatingLogAppender.class);
  /** GrpcLogAppender's {@code private final TimeoutExecutor scheduler}, if this Ratis version has it. */
  static final Optional<Field> SCHEDULER = RatisInternals.find(GrpcLogAppender.class.getName(), "scheduler",
      TimeoutExecutor.class, "append timeouts stay on Ratis's timer, one task per append message");
  private static final String CLIENT = "org.apache.ratis.grpc.server.GrpcServerProtocolClient";
  private static final String POOLED = "a follower's answers are handled on gRPC's default pool, one hand-off later";
  /** The peer client's stubs of append streams (entries, heartbeats), if this Ratis version has them. */
  static final List<Optional<Field>> STUBS = List.of(
      RatisInternals.find(CLIENT, "asyncStub", RaftServerProtocolServiceStub.class, POOLED),
      RatisInternals.find(CLIENT, "hbAsyncStub", RaftServerProtocolServiceStub.class, POOLED));

  private static final String APPENDER = GrpcLogAppender.class.getName();
  private static final String THREAD = "every entry is sent by the appender's thread, one hand-off later";
  /** GrpcLogAppender's {@code private void appendLog(boolean heartbeat)}: builds and sends a request. */
  static final Optional<Method> APPEND_LOG = RatisInternals.method(APPENDER, "appendLog", void.class, THREAD,
      boolean.class);
  /** GrpcLogAppender's stream of append requests, null until the thread opens it. */
  static final Optional<Field> STREAMS = RatisInternals.find(APPENDER, "appendLogRequestObserver",
      APPENDER + "$StreamObservers", THREAD);
  static final Optional<Field> STREAM = RatisInternals.find(APPENDER + "$StreamObservers", "appendLog",
      CallStreamObserver.class, THREAD);
  /** Entries at most that a request sent inline carries: a lone writer's, not a lagging follower's. */
  static final int INLINE_ENTRIES = 16;

  /** Wake-ups of appender threads in this process, and signals skipped as having nothing to send. */
  static final LongAdder SIGNALLED = new LongAdder();
  static final LongAdder SKIPPED = new LongAdder();
  /** Requests sent by the thread that appended their entries, in this process. */
  static final LongAdder INLINE = new LongAdder();

  /** The leader's commit index when a heartbeat was last triggered, e.g. by a follower's ReadIndex. */
  private final AtomicLong commitAwaited = new AtomicLong();
  /** The peer client whose streams were last made to answer on I/O threads. */
  private Object switchedClient;
  /**
   * Held by whoever builds and sends requests: the appender's thread, except while it waits for a
   * signal, or a thread sending inline. Requests leave in the order of their entries.
   */
  private final ReentrantLock sending = new ReentrantLock();
  private final AwaitForSignal idle = new AwaitForSignal(this) {
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
      if (time <= 0 || !sending.isHeldByCurrentThread()) {
        return super.await(time, unit);
      }
      sending.unlock();
      try {
        return super.await(time, unit);
      } finally {
        sending.lock();
      }
    }
  };
  private volatile boolean inlineFailed = APPEND_LOG.isEmpty() || STREAMS.isEmpty() || STREAM.isEmpty();

  CommitPropagatingLogAppender(RaftServer.Division server, LeaderState leaderState, FollowerInfo follower) {
    super(server, leaderState, follower);
    SCHEDULER.ifPresent(field -> {
      try {
        field.set(this, SweptTimeouts.APPENDERS);
      } catch (IllegalAccessException e) {
        LOG.warn("Could not replace the log appender's timeout timer ({}); using Ratis's", e.toString());
      }
    });
  }

  @Override
  public void triggerHeartbeat() {
    commitAwaited.accumulateAndGet(getRaftLog().getLastCommittedIndex(), Math::max);
    super.triggerHeartbeat();
  }

  /**
   * Wakes the appender's thread only when it has something to send. Ratis signals every appender
   * on each commit and on replies: 5 wake-ups per appender for each write of a lone writer, of
   * which 4 find nothing new to send (the thread takes its lock, builds no request, sleeps again),
   * each taking a core from the write's own path. Skipping those raised puts at 1 in flight by
   * ~10 % on a 2-core machine.
   */
  @Override
  public void notifyLogAppender() {
    if (!isRunning() || shouldSendAppendEntries() || shouldSendCommit()) {
      if (!sendInline()) {
        SIGNALLED.increment();
        super.notifyLogAppender();
      }
    } else {
      SKIPPED.increment();
    }
  }

  @Override
  public void run() throws IOException {
    sending.lock();
    try {
      super.run();
    } finally {
      sending.unlock();
    }
  }

  /** Ratis's thread waits on this between sends; {@link #sending} is released meanwhile. */
  @Override
  public AwaitForSignal getEventAwaitForSignal() {
    return idle;
  }

  /**
   * Sends the follower's new entries on the calling thread (e.g. the one that appended them), if the
   * appender's thread is idle and the follower has answered every request. Whether it sent (or found
   * that another send took the entries): when not, the caller wakes the appender's thread as Ratis
   * does.
   *
   * <p>Only for a follower keeping up: under load, requests are pending and the appender's thread
   * sends what accumulated meanwhile in one request, as before. Not under the server's lock (the
   * leader's commit signals from there), not before Ratis's thread opened the stream, not when the
   * stream cannot take the request at once (Ratis drops the stream after an error until its thread
   * opens a new one), not within Ratis's minimum pause between sends: the appender's thread handles
   * each of those as Ratis does.
   */
  private boolean sendInline() {
    if (inlineFailed || !isRunning() || !hasAppendEntries() || hasPendingDataRequests()
        || Thread.holdsLock(getServer()) || !sending.tryLock()) {
      return false;
    }
    try {
      FollowerInfo follower = getFollower();
      long next = follower.getNextIndex();
      if (!hasAppendEntries()) {
        return true; // sent meanwhile by the appender's thread
      }
      if (hasPendingDataRequests() || getRaftLog().getNextIndex() - next > INLINE_ENTRIES
          || next < getRaftLog().getStartIndex() || getRemainingWaitTime().isPositive() || !streamReady()) {
        return false;
      }
      APPEND_LOG.get().invoke(this, false);
      INLINE.increment();
      return true;
    } catch (InvocationTargetException e) {
      // e.g. the log could not be read: Ratis's thread meets the same and handles it as Ratis does
      LOG.debug("Sending entries to {} inline failed; waking the appender's thread", getFollowerId(), e.getCause());
      return false;
    } catch (IllegalAccessException | RuntimeException e) {
      inlineFailed = true;
      LOG.warn("Sending entries inline failed ({}): {}", e.toString(), THREAD, e);
      return false;
    } finally {
      sending.unlock();
    }
  }

  /** Whether Ratis's stream of append requests is open and ready to take one without waiting. */
  private boolean streamReady() throws IllegalAccessException {
    Object streams = STREAMS.get().get(this);
    return streams != null && ((CallStreamObserver<?>) STREAM.get().get(streams)).isReady();
  }

  private boolean shouldSendCommit() {
    FollowerInfo follower = getFollower();
    return shouldSendCommit(follower.getCommitIndex(), follower.getMatchIndex(), commitAwaited.get());
  }

  /** Called under the appender's lock before each send, and so before Ratis opens a stream. */
  @Override
  public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
      throws RaftLogIOException {
    answerOnIoThreads();
    AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat);
    if (request == null && shouldSendCommit()) {
      return super.newAppendEntriesRequest(callId, true);
    }
    return request;
  }

  /**
   * Makes the streams Ratis opens to the follower deliver its answers on the I/O thread that read
   * them. Ratis may replace the peer client after errors; each new one is switched once.
   */
  private void answerOnIoThreads() {
    Object client;
    try {
      client = ((RaftServerRpcWithProxy<?, ?>) getServerRpc()).getProxies().getProxy(getFollowerId());
    } catch (IOException | RuntimeException e) {
      return; // e.g. a peer not (or no longer) known: Ratis's own call for the client reports it
    }
    if (client == switchedClient) {
      return;
    }
    switchedClient = client;
    for (Optional<Field> stub : STUBS) {
      stub.filter(field -> field.getDeclaringClass().isInstance(client)).ifPresent(field -> switchStub(field, client));
    }
  }

  private static void switchStub(Field stubField, Object client) {
    try {
      RaftServerProtocolServiceStub stub = (RaftServerProtocolServiceStub) stubField.get(client);
      if (stub != null && stub.getCallOptions().getExecutor() != IoThreadAnswers.EXECUTOR) {
        stubField.set(client, stub.withExecutor(IoThreadAnswers.EXECUTOR));
      }
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.warn("Could not switch the peer client's {} ({}): {}", stubField.getName(), e.toString(), POOLED);
    }
  }

  /**
   * Whether a follower should be told the commit index now: it waits for a commit index beyond its
   * own, and holds entries past its own commit index that it could then commit.
   */
  static boolean shouldSendCommit(long followerCommit, long followerMatch, long commitAwaited) {
    return followerCommit < commitAwaited && followerCommit < followerMatch;
  }
}
