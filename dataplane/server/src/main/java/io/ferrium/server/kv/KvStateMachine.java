package io.ferrium.server.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ferrium.server.proto.AppliedPosition;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.CommandResult;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.Query;
import io.ferrium.server.proto.QueryResult;
import io.ferrium.server.raft.CommittedAnswers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftConfigurationProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis adapter over {@link RocksKvStore}: commands are validated in
 * {@link #startTransaction}, change the store only in {@link #applyTransaction} together with the
 * applied position, and reads go through {@link #query}. The live database lives outside Ratis's
 * directories; snapshots are checkpoints of it ({@link CheckpointSnapshots}).
 */
public final class KvStateMachine extends BaseStateMachine implements CommittedAnswers.Source {
  private static final Logger LOG = LoggerFactory.getLogger(KvStateMachine.class);

  private final Path dbDir;
  private final RequestValidator validator;
  private final CheckpointSnapshots snapshots = new CheckpointSnapshots();
  private volatile RocksKvStore store;
  private volatile Consumer<RaftPeerId> leaderListener = id -> { };
  private volatile Runnable configurationListener = () -> { };
  private volatile java.util.function.LongConsumer snapshotListener = nanos -> { };
  private volatile Consumer<StateMachineLogEntryProto> applyListener = entry -> { };
  private volatile BiConsumer<RaftServer, RaftGroupId> initializeListener = (server, group) -> { };
  /** Bytes of log entries applied since the latest snapshot, replayed ones included. */
  private final AtomicLong logBytesSinceSnapshot = new AtomicLong();
  private volatile long snapshotLogBytes = Long.MAX_VALUE;
  private volatile Runnable snapshotDue = () -> { };
  private final CommittedAnswers committedAnswers = new CommittedAnswers();
  private final ConcurrentLinkedQueue<AppliedWaiter> appliedWaiters = new ConcurrentLinkedQueue<>();

  private record AppliedWaiter(long index, CompletableFuture<Void> ready) {
  }

  public KvStateMachine(Path dbDir, RequestValidator validator) {
    this.dbDir = dbDir;
    this.validator = validator;
  }

  @Override
  public CommittedAnswers committedAnswers() {
    return committedAnswers;
  }

  /** Completes once this node has applied the log up to {@code index}. */
  public CompletableFuture<Void> whenApplied(long index) {
    if (getLastAppliedTermIndex().getIndex() >= index) {
      return CompletableFuture.completedFuture(null);
    }
    AppliedWaiter waiter = new AppliedWaiter(index, new CompletableFuture<>());
    appliedWaiters.add(waiter);
    // The apply may have passed the index before the waiter was queued, and found no waiter.
    if (getLastAppliedTermIndex().getIndex() >= index && appliedWaiters.remove(waiter)) {
      waiter.ready().complete(null);
    }
    return waiter.ready();
  }

  /** The store, while the state machine runs; empty during a snapshot installation. */
  public Optional<RocksKvStore> store() {
    return Optional.ofNullable(store);
  }

  /**
   * Called each time Ratis initializes this state machine for a division of {@code server}. Ratis
   * does so while it constructs the division: the listener must not wait for it on this thread.
   */
  public void onInitialize(BiConsumer<RaftServer, RaftGroupId> listener) {
    this.initializeListener = listener;
  }

  public void onLeaderChange(Consumer<RaftPeerId> listener) {
    this.leaderListener = listener;
  }

  public void onConfigurationChange(Runnable listener) {
    this.configurationListener = listener;
  }

  /** Called on Ratis's apply thread with each entry's client call, in log order, as it is applied. */
  public void onApply(Consumer<StateMachineLogEntryProto> listener) {
    this.applyListener = listener;
  }

  /** Called with the duration in nanoseconds of each snapshot taken. */
  public void onSnapshot(java.util.function.LongConsumer listener) {
    this.snapshotListener = listener;
  }

  /**
   * Called each time another {@code bytes} of log entries have been applied since the latest
   * snapshot (on the applying thread: it must not block). Ratis triggers snapshots by entry count
   * only, and 10,000 entries of 1 MiB values are 10 GB of log that nothing could purge; the
   * listener asks for a snapshot, and the log is purged behind it. A failed request is repeated
   * after the next {@code bytes}.
   */
  public void onLogSize(long bytes, Runnable listener) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("log size for a snapshot must be positive: " + bytes);
    }
    this.snapshotLogBytes = bytes;
    this.snapshotDue = listener;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      snapshots.init(raftStorage);
      openStore();
    });
    initializeListener.accept(server, groupId);
  }

  @Override
  public void pause() {
    getLifeCycle().transition(LifeCycle.State.PAUSING);
    closeStore();
    getLifeCycle().transition(LifeCycle.State.PAUSED);
  }

  @Override
  public void reinitialize() throws IOException {
    snapshots.reload();
    logBytesSinceSnapshot.set(0);
    closeStore();
    openStore();
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  /**
   * Opens the live database, first replacing it by the latest snapshot when that is newer, and
   * discarding it when it belongs to another Raft group.
   */
  private void openStore() throws IOException {
    RocksKvStore opened = RocksKvStore.open(dbDir);
    String group = getGroupId().getUuid().toString();
    String storedGroup = opened.applied().getGroupId();
    if (!storedGroup.isEmpty() && !storedGroup.equals(group)) {
      LOG.warn("Data in {} belongs to Raft group {}, not {}: discarding it", dbDir, storedGroup, group);
      opened.close();
      FileTrees.deleteRecursively(dbDir);
      opened = RocksKvStore.open(dbDir);
    }
    Optional<Path> snapshotDir = snapshots.latestDir();
    long snapshotIndex = snapshots.getLatestSnapshot() == null ? 0 : snapshots.getLatestSnapshot().getIndex();
    if (snapshotDir.isPresent() && snapshotIndex > opened.applied().getIndex()) {
      LOG.info("Restoring the store from snapshot {} (store was at index {})",
          snapshotDir.get().getFileName(), opened.applied().getIndex());
      opened.close();
      RocksKvStore.restore(snapshotDir.get(), dbDir);
      opened = RocksKvStore.open(dbDir);
    }
    AppliedPosition applied = opened.applied();
    setLastAppliedTermIndex(TermIndex.valueOf(applied.getTerm(), applied.getIndex()));
    store = opened;
    LOG.info("Store open at term {} index {}", applied.getTerm(), applied.getIndex());
  }

  private void closeStore() {
    RocksKvStore current = store;
    store = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public long takeSnapshot() throws IOException {
    RocksKvStore current = requireStore();
    TermIndex position = getLastAppliedTermIndex();
    if (position.getIndex() <= 0) {
      return org.apache.ratis.server.raftlog.RaftLog.INVALID_LOG_INDEX;
    }
    long start = System.nanoTime();
    // Ratis takes snapshots on the applying thread: no entry is applied meanwhile.
    logBytesSinceSnapshot.set(0);
    snapshots.take(current, position);
    snapshotListener.accept(System.nanoTime() - start);
    return position.getIndex();
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    Command command = Command.parseFrom(request.getMessage().getContent().asReadOnlyByteBuffer());
    if (command.getOpsCount() == 0) {
      throw new InvalidRequestException("empty command");
    }
    for (Op op : command.getOpsList()) {
      switch (op.getOpCase()) {
        case PUT -> validator.check(op.getPut());
        case DELETE -> validator.check(op.getDelete());
        case TXN -> validator.check(op.getTxn());
        case REGISTER_MEMBER, UNREGISTER_MEMBER -> { }
        default -> throw new InvalidRequestException("empty operation in command");
      }
    }
    return super.startTransaction(request);
  }

  @Override
  public TransactionContext preAppendTransaction(TransactionContext trx) {
    committedAnswers.appended(trx);
    return trx;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    long term = entry.getTerm();
    committedAnswers.applied(index);
    applyListener.accept(entry.getStateMachineLogEntry());
    countLogBytes(entry);
    RocksKvStore current = requireStore();
    CommandResult.Builder result = CommandResult.newBuilder().setRevision(index);
    if (index <= current.applied().getIndex()) {
      // Replayed after a restart: the store already holds this entry's effects.
      advanceApplied(term, index);
      return CompletableFuture.completedFuture(toMessage(result.build()));
    }
    WriteSet changes = current.newWriteSet();
    try {
      Command command = Command.parseFrom(entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
      for (Op op : command.getOpsList()) {
        result.addResults(KvApplier.apply(op, index, changes));
      }
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      // Validated before it entered the log, so this is a bug; every replica skips it alike.
      LOG.error("Skipping unreadable log entry {} (term {}): {}", index, term, e.toString());
      changes = current.newWriteSet();
      result.clearResults();
    }
    current.commit(changes, AppliedPosition.newBuilder()
        .setTerm(term).setIndex(index).setGroupId(getGroupId().getUuid().toString()).build());
    advanceApplied(term, index);
    return CompletableFuture.completedFuture(toMessage(result.build()));
  }

  private void countLogBytes(LogEntryProto entry) {
    long size = entry.getStateMachineLogEntry().getLogData().size();
    long after = logBytesSinceSnapshot.addAndGet(size);
    long limit = snapshotLogBytes;
    if (after / limit > (after - size) / limit) {
      snapshotDue.run();
    }
  }

  /**
   * Ratis replays the log from the latest snapshot, which may lie behind the store's applied
   * position (after a crash, no snapshot is taken): those entries must not move it backwards.
   */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    advanceApplied(term, index);
  }

  private void advanceApplied(long term, long index) {
    if (index > getLastAppliedTermIndex().getIndex()) {
      updateLastAppliedTermIndex(term, index);
      if (!appliedWaiters.isEmpty()) {
        appliedWaiters.removeIf(w -> {
          boolean reached = w.index() <= index;
          if (reached) {
            w.ready().complete(null);
          }
          return reached;
        });
      }
    }
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      Query query = Query.parseFrom(request.getContent().asReadOnlyByteBuffer());
      return CompletableFuture.completedFuture(toMessage(read(query)));
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Serves a read from the local store, as is. */
  public QueryResult read(Query query) {
    RocksKvStore current = requireStore();
    QueryResult.Builder result = QueryResult.newBuilder().setRevision(current.applied().getIndex());
    switch (query.getQueryCase()) {
      case GET -> result.setGet(KvReader.get(current, query.getGet().getKey()));
      case SCAN -> result.setScan(KvReader.scan(current, validator.check(query.getScan()),
          query.getScan().getKeysOnly()));
      case BARRIER -> { }
      default -> throw new InvalidRequestException("empty query");
    }
    return result.build();
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    committedAnswers.clear();
    leaderListener.accept(newLeaderId);
  }

  @Override
  public void notifyConfigurationChanged(long term, long index, RaftConfigurationProto newConf) {
    configurationListener.run();
  }

  @Override
  public void close() throws IOException {
    closeStore();
    super.close();
  }

  private RocksKvStore requireStore() {
    RocksKvStore current = store;
    if (current == null) {
      throw new RocksKvStore.StoreClosedException(dbDir);
    }
    return current;
  }

  private static Message toMessage(com.google.protobuf.MessageLite result) {
    ByteString bytes = UnsafeByteOperations.unsafeWrap(result.toByteArray());
    return Message.valueOf(bytes);
  }
}
