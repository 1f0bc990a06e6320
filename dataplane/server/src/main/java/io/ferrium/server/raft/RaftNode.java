package io.ferrium.server.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ferrium.server.DaemonThreads;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.server.kv.KvStateMachine;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.CommandResult;
import io.ferrium.server.proto.Query;
import io.ferrium.server.proto.QueryResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.StreamSupport;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RetryCache;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ratis peer of the cluster's single Raft group, with the node's internal client that forwards
 * writes to the leader and runs ReadIndex reads. The node is <em>joined</em> once its server holds
 * the group: after Init or AddMember, or at restart when its storage already holds the group.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

  private final RaftPeerId selfId;
  private final RaftGroupId groupId;
  private final RaftProperties properties;
  private final KvStateMachine stateMachine;
  private final RaftServer server;
  private final String advertiseHost;
  private final long requestTimeoutMs;
  /** TLS configuration of peer traffic, for the server and for every client it makes. */
  private final Parameters parameters;
  /** The client of this node's own calls, never retried: their replies leave the retry cache at once. */
  private final ClientId clientId = OneShotCalls.newClientId();
  private final AtomicLong callIds = new AtomicLong();
  private final Object clientLock = new Object();
  /**
   * Runs what follows a Raft reply (but successful writes answered inline). Ratis completes replies
   * on its own threads, some holding its locks; work started from there that calls back into Ratis
   * (the next write batch, the next ReadIndex round) would deadlock, so replies hop to these threads.
   */
  private final ExecutorService replies = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), DaemonThreads.named("ferrium-raft-reply"));
  /** Request timeouts: every write and read barrier fails after the request timeout at the latest. */
  private final Deadlines deadlines = new Deadlines(Duration.ofMillis(100), "ferrium-deadlines");
  private RaftClient client;

  public RaftNode(NodeConfig config, Path raftDir, KvStateMachine stateMachine, String advertiseHost,
      Parameters parameters) throws IOException {
    this.selfId = RaftPeerId.valueOf(config.node.id);
    this.groupId = groupIdOf(config.cluster.name);
    this.properties = RaftSettings.from(config, raftDir);
    RaftClientConfigKeys.Async.setOutstandingRequestsMax(properties, 4096);
    this.stateMachine = stateMachine;
    this.advertiseHost = advertiseHost;
    this.requestTimeoutMs = config.network.requestTimeoutMs;
    this.parameters = parameters;
    stateMachine.onConfigurationChange(this::resetClient);
    stateMachine.onApply(new OneShotCalls(this::retryCache)::applied);
    stateMachine.onInitialize(RaftNode::answerAppendsOnLogWorker);
    stateMachine.committedAnswers().localClient(clientId);
    this.server = RaftServer.newBuilder()
        .setServerId(selfId)
        .setProperties(properties)
        .setParameters(parameters)
        .setStateMachineRegistry(gid -> stateMachine)
        .build();
  }

  /**
   * Once Ratis has constructed the division being initialized, lets it answer appends on its log
   * worker ({@link LogWorkerReplies}); until then (milliseconds) it answers as Ratis does.
   */
  private static void answerAppendsOnLogWorker(RaftServer server, RaftGroupId group) {
    DaemonThreads.named("ferrium-division-setup").newThread(() -> {
      try {
        LogWorkerReplies.install(server.getDivision(group));
      } catch (IOException e) {
        LOG.debug("Division {} was not constructed ({}); appends are answered as Ratis does", group, e.toString());
      }
    }).start();
  }

  /** The cluster's Raft group id, derived from its name so that every node agrees on it. */
  public static RaftGroupId groupIdOf(String clusterName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("ferrium-cluster:" + clusterName)
        .getBytes(StandardCharsets.UTF_8)));
  }

  public void start() throws IOException {
    server.start();
    LOG.info("Raft peer {} listening on {} ({})", selfId, raftAddress(), isJoined()
        ? "member of cluster " + groupId.getUuid() : "not a member of any cluster yet");
  }

  public RaftPeerId selfId() {
    return selfId;
  }

  public RaftGroupId groupId() {
    return groupId;
  }

  public RaftServer server() {
    return server;
  }

  public RaftProperties properties() {
    return properties;
  }

  public KvStateMachine stateMachine() {
    return stateMachine;
  }

  public long requestTimeoutMs() {
    return requestTimeoutMs;
  }

  /** host:port other peers use to reach this one. */
  public String raftAddress() {
    InetSocketAddress bound = server.getServerRpc().getInetSocketAddress();
    return advertiseHost + ":" + bound.getPort();
  }

  public boolean isJoined() {
    return StreamSupport.stream(server.getGroupIds().spliterator(), false).anyMatch(groupId::equals);
  }

  private Optional<RetryCache> retryCache() {
    try {
      return Optional.of(server.getDivision(groupId).getRetryCache());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** This peer's division of the group, if joined. */
  public Optional<RaftServer.Division> division() {
    if (!isJoined()) {
      return Optional.empty();
    }
    try {
      return Optional.of(server.getDivision(groupId));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Replicates a command; completes when the leader has applied it. On the leader the request goes
   * straight into the local Raft server; elsewhere (or while leadership moves) the internal client
   * forwards it to the leader.
   */
  public CompletableFuture<CommandResult> submit(Command command) {
    return submit(command, false);
  }

  /**
   * {@link #submit}, except that a write replicated by this node, the leader, completes on the Ratis
   * thread that committed it (a command of plain puts, see {@link CommittedAnswers}) or applied it:
   * the caller's callbacks must neither block nor call into Raft (answering a gRPC call is fine).
   * Failures and forwarded writes still complete on the node's reply threads.
   */
  public CompletableFuture<CommandResult> submitAnsweredInline(Command command) {
    return submit(command, true);
  }

  private CompletableFuture<CommandResult> submit(Command command, boolean inline) {
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(command.toByteArray()));
    if (!isLocalLeader()) {
      return deadlines.within(forward(message, null).thenApply(r -> parse(r, CommandResult::parseFrom)),
          requestTimeoutMs);
    }
    long callId = callIds.incrementAndGet();
    CommittedAnswers answers = stateMachine.committedAnswers();
    CompletableFuture<CommandResult> early = inline && CommittedAnswers.answerableAtCommit(command)
        ? answers.expect(callId, command.getOpsCount()) : null;
    CompletableFuture<CommandResult> applied = local(callId, message, RaftClientRequest.writeRequestType(), inline)
        .thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(r) : forward(message, r))
        .thenApply(r -> parse(r, CommandResult::parseFrom));
    if (early == null) {
      return deadlines.within(applied, requestTimeoutMs);
    }
    // Answered at its commit (CommittedAnswers) or, failing that, by Ratis's reply after the apply.
    applied.whenComplete((r, error) -> {
      answers.forget(callId);
      if (error == null) {
        early.complete(r);
      } else {
        early.completeExceptionally(error);
      }
    });
    return deadlines.within(early, requestTimeoutMs);
  }

  /** Sends through the internal client, unless the local attempt failed for a reason other than leadership. */
  private CompletableFuture<RaftClientReply> forward(Message message, RaftClientReply localFailure) {
    if (localFailure != null && localFailure.getNotLeaderException() == null
        && !(localFailure.getException() instanceof LeaderNotReadyException)) {
      return CompletableFuture.completedFuture(localFailure);
    }
    RaftClient c = client();
    return c.async().send(message)
        .whenComplete((r, error) -> discardIfBroken(c, error != null ? error : r.getException()))
        .thenApplyAsync(r -> r, replies);
  }

  /**
   * Completes once this node has applied every write it answered at commit ({@link CommittedAnswers}),
   * so that a read served from its state as is includes the writes it acknowledged.
   */
  public CompletableFuture<Void> answeredWritesApplied() {
    CompletableFuture<Void> applied = stateMachine.whenApplied(stateMachine.committedAnswers().answeredIndex());
    return applied.isDone() ? applied : deadlines.within(applied, requestTimeoutMs);
  }

  /**
   * Completes once this node's state includes every write acknowledged before the call: a ReadIndex
   * round (through the leader when this node follows), then the wait until that index is applied here.
   */
  public CompletableFuture<Void> readBarrier() {
    return deadlines.within(local(callIds.incrementAndGet(), BARRIER, RaftClientRequest.readRequestType(), false)
        .thenAccept(r -> parse(r, QueryResult::parseFrom)), requestTimeoutMs);
  }

  private static final Message BARRIER = Message.valueOf(
      UnsafeByteOperations.unsafeWrap(Query.newBuilder().setBarrier(true).build().toByteArray()));

  /** @param inline whether a successful reply may complete on the Ratis thread that produced it */
  private CompletableFuture<RaftClientReply> local(long callId, Message message, RaftClientRequest.Type type,
      boolean inline) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId).setServerId(selfId).setLeaderId(selfId).setGroupId(groupId)
        .setCallId(callId).setMessage(message).setType(type)
        .setTimeoutMs(requestTimeoutMs).build();
    try {
      CompletableFuture<RaftClientReply> reply = submitToDivision(request);
      if (inline) {
        return reply.thenCompose(r -> r.isSuccess() ? CompletableFuture.completedFuture(r)
            : CompletableFuture.supplyAsync(() -> r, replies));
      }
      return reply.thenApplyAsync(r -> r, replies);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private boolean isLocalLeader() {
    return division().map(d -> d.getInfo().isLeader() && d.getInfo().isLeaderReady()).orElse(false);
  }

  /** A client for the group as this node currently knows it; rebuilt when the membership changes. */
  public RaftClient client() {
    synchronized (clientLock) {
      if (client == null) {
        RaftGroup group = division().map(RaftServer.Division::getGroup)
            .orElseThrow(() -> new NotJoinedException(selfId.toString()));
        client = newClient(group);
      }
      return client;
    }
  }

  /** A client for an explicit group, for talking to peers outside the current configuration. */
  public RaftClient newClient(RaftGroup group) {
    return RaftClient.newBuilder()
        .setClientId(ClientId.randomId())
        .setProperties(properties)
        .setParameters(parameters)
        .setRaftGroup(group)
        .setRetryPolicy(retryPolicy())
        .build();
  }

  private RetryPolicy retryPolicy() {
    int attempts = (int) Math.max(3, requestTimeoutMs / 250);
    return RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts,
        TimeDuration.valueOf(200, TimeUnit.MILLISECONDS));
  }

  /**
   * A Ratis client whose retries ran out closes its ordered request window for good; every later
   * request on it fails. Such a client is replaced, so one outage does not outlive itself.
   */
  private void discardIfBroken(RaftClient used, Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof RaftRetryFailureException || t instanceof AlreadyClosedException) {
        synchronized (clientLock) {
          if (client != used) {
            return;
          }
        }
        LOG.info("Replacing the internal Raft client after: {}", t.getMessage());
        resetClient();
        return;
      }
    }
  }

  /**
   * Ratis's server entry point hands every request to its client thread pool and blocks the caller
   * until that thread has queued it: two thread switches per request that buy nothing here. The
   * division implements the asynchronous client protocol itself and takes the request directly.
   */
  private CompletableFuture<RaftClientReply> submitToDivision(RaftClientRequest request) throws IOException {
    Optional<RaftServer.Division> division = division();
    if (division.isPresent() && division.get() instanceof RaftClientAsynchronousProtocol direct) {
      return direct.submitClientRequestAsync(request);
    }
    return server.submitClientRequestAsync(request);
  }

  /**
   * Replaces the client after a membership change, so new requests know every current peer. The
   * old one is closed only after its in-flight requests had time to finish.
   */
  private void resetClient() {
    RaftClient old;
    synchronized (clientLock) {
      old = client;
      client = null;
    }
    if (old != null) {
      CompletableFuture.delayedExecutor(requestTimeoutMs * 2, TimeUnit.MILLISECONDS)
          .execute(() -> closeQuietly(old));
    }
  }

  /** The threads replies hop to: work that follows a reply and may call back into Raft runs here. */
  public Executor replyExecutor() {
    return replies;
  }

  /** A new group of these peers under this cluster's id. */
  public RaftGroup group(Iterable<RaftPeer> peers) {
    return RaftGroup.valueOf(groupId, peers);
  }

  @FunctionalInterface
  interface Parser<T> {
    T parse(java.nio.ByteBuffer bytes) throws InvalidProtocolBufferException;
  }

  private static <T> T parse(RaftClientReply reply, Parser<T> parser) {
    if (!reply.isSuccess()) {
      throw new RaftRequestException(reply.getException());
    }
    try {
      return parser.parse(reply.getMessage().getContent().asReadOnlyByteBuffer());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable reply from the state machine", e);
    }
  }

  @Override
  public void close() throws IOException {
    RaftClient last;
    synchronized (clientLock) {
      last = client;
      client = null;
    }
    // Outside the lock: closing fails pending requests, whose callbacks take the lock.
    closeQuietly(last);
    server.close();
    replies.shutdownNow();
    deadlines.close();
  }

  static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("close failed", e);
      }
    }
  }
}
