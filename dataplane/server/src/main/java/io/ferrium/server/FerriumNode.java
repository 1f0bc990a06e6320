package io.ferrium.server;

import io.ferrium.api.v1.Member;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.server.grpc.GrpcApiServer;
import io.ferrium.server.grpc.KvGrpcService;
import io.ferrium.server.grpc.ManagementGrpcService;
import io.ferrium.server.http.HttpApiServer;
import io.ferrium.server.kv.KvStateMachine;
import io.ferrium.server.kv.RequestValidator;
import io.ferrium.server.metrics.GrpcMetricsInterceptor;
import io.ferrium.server.metrics.NodeMetrics;
import io.ferrium.server.node.ClusterOperations;
import io.ferrium.server.node.ClusterStatusReporter;
import io.ferrium.server.node.KvOperations;
import io.ferrium.server.node.LeaderRelay;
import io.ferrium.server.node.PeerChannels;
import io.ferrium.server.node.WriteAdmission;
import io.ferrium.server.raft.RaftNode;
import io.ferrium.server.raft.WriteBatcher;
import io.ferrium.server.tls.NodeTls;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Ferrium node: a Raft peer over the RocksDB state machine, with its client gRPC API. Layout
 * of the data directory: {@code raft/} (Ratis log and snapshots), {@code db/} (live RocksDB),
 * {@code node.lock} (held while the node runs, so two nodes never share a directory).
 */
public final class FerriumNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FerriumNode.class);
  /** Raft entries of client writes in flight at once; more writes wait and share the next entry. */
  private static final int WRITE_BATCHES_IN_FLIGHT = 4;
  private static final int WRITE_BATCH_MAX_OPS = 512;
  private static final int BLOCKING_CALL_THREADS = 8;

  private final NodeConfig config;
  private final FileChannel lockChannel;
  private final RaftNode raft;
  private final KvOperations kv;
  private final ClusterOperations cluster;
  private final NodeTls tls;
  private final PeerChannels peers;
  private final NodeMetrics metrics;
  private final GrpcApiServer grpc;
  private final HttpApiServer http;
  private final String advertiseHost;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ferrium-health"));
  /** gRPC calls that block (membership changes, snapshots, scans), kept off the I/O threads. */
  private final ThreadPoolExecutor blockingCalls = new ThreadPoolExecutor(BLOCKING_CALL_THREADS,
      BLOCKING_CALL_THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
      DaemonThreads.named("ferrium-grpc-blocking"));

  private FerriumNode(NodeConfig config) throws IOException {
    this.config = config;
    blockingCalls.allowCoreThreadTimeOut(true);
    Path dataDir = Path.of(config.node.dataDir).toAbsolutePath();
    Files.createDirectories(dataDir);
    this.lockChannel = lock(dataDir);
    this.tls = startTls(config, lockChannel);
    this.peers = new PeerChannels(tls.peerChannels());
    this.advertiseHost = advertiseHost(config);
    RequestValidator validator = new RequestValidator(new RequestValidator.Limits(config.storage.maxKeyBytes,
        config.storage.maxValueBytes, config.storage.maxRequestBytes, config.storage.maxTxnOps));
    KvStateMachine stateMachine = new KvStateMachine(dataDir.resolve("db"), validator);
    this.raft = new RaftNode(config, dataDir.resolve("raft"), stateMachine, advertiseHost, tls.ratisParameters());
    this.metrics = new NodeMetrics(raft);
    stateMachine.onLeaderChange(leader -> {
      LOG.info("Leader is now {}", leader);
      metrics.leaderChanged();
    });
    stateMachine.onSnapshot(metrics::snapshotTaken);
    stateMachine.onLogSize(config.storage.snapshotLogMb << 20, this::snapshotForLogSize);
    WriteBatcher writes = new WriteBatcher(raft::submitAnsweredInline, raft.replyExecutor(),
        WRITE_BATCHES_IN_FLIGHT, WRITE_BATCH_MAX_OPS, config.storage.maxRequestBytes);
    this.kv = new KvOperations(raft, validator, writes, new LeaderRelay(raft, peers), new WriteAdmission(
        WriteAdmission.defaultLimit(Runtime.getRuntime().maxMemory(), config.storage.maxRequestBytes)));
    this.cluster = new ClusterOperations(raft, new ClusterStatusReporter(raft, peers, this::self), this::self);
    this.grpc = new GrpcApiServer(config.network.bindHost, config.network.grpcPort,
        config.storage.maxRequestBytes + 64 * 1024,
        List.of(KvGrpcService.of(kv, blockingCalls), new ManagementGrpcService(cluster, blockingCalls)),
        new GrpcMetricsInterceptor(metrics), tls.grpcServer());
    // JSON bodies carry the value as text, so they may be larger than the gRPC request limit.
    this.http = new HttpApiServer(config.network.bindHost, config.network.httpPort,
        2 * config.storage.maxRequestBytes + 64 * 1024, config.network.requestTimeoutMs, kv, cluster, metrics,
        tls.https(), tls.httpNeedsClientCertificate());
  }

  /** Starts a node; with cluster.auto-init it forms a one-node cluster if it has never joined one. */
  public static FerriumNode start(NodeConfig config) throws IOException {
    if (!JvmDefaults.commonPoolSufficient()) {
      LOG.warn("The common ForkJoinPool has parallelism {}, so CompletableFuture starts a thread for every"
          + " async task (Ratis uses one per follower append); start the JVM with -D{}={} to avoid it",
          ForkJoinPool.getCommonPoolParallelism(), JvmDefaults.COMMON_POOL_PARALLELISM,
          JvmDefaults.MINIMUM_COMMON_POOL_PARALLELISM);
    }
    FerriumNode node = new FerriumNode(config);
    try {
      node.raft.start();
      node.grpc.start();
      node.http.start();
      if (config.cluster.autoInit && !node.raft.isJoined()) {
        LOG.info("Node {} has never joined a cluster; forming a one-node cluster (cluster.auto-init)",
            config.node.id);
        node.cluster.init(List.of());
      }
      node.housekeeping.scheduleWithFixedDelay(node::refreshHealth, 0, 500, TimeUnit.MILLISECONDS);
      LOG.info("Node {} ready: HTTP API on {}, gRPC API on {}, Raft on {}", config.node.id,
          node.self().getHttpAddress(), node.self().getApiAddress(), node.self().getRaftAddress());
      return node;
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** This node's addresses, as others reach it. */
  public Member self() {
    return Member.newBuilder()
        .setId(config.node.id)
        .setRaftAddress(raft.raftAddress())
        .setApiAddress(advertiseHost + ":" + grpc.port())
        .setHttpAddress(advertiseHost + ":" + http.port())
        .build();
  }

  public RaftNode raft() {
    return raft;
  }

  public NodeConfig config() {
    return config;
  }

  public NodeTls tls() {
    return tls;
  }

  private void refreshHealth() {
    boolean serving = raft.division().map(d -> d.getInfo().getLeaderId() != null).orElse(false);
    grpc.setKvServing(serving);
  }

  /** Asks for a snapshot off the applying thread; a node that is closing takes none. */
  private void snapshotForLogSize() {
    try {
      blockingCalls.execute(() -> {
        try {
          long index = cluster.takeSnapshot();
          LOG.info("Took a snapshot at index {}: {} MiB of log entries since the previous one (storage.snapshot-log-mb)",
              index, config.storage.snapshotLogMb);
        } catch (IOException | RuntimeException e) {
          LOG.warn("Could not take a snapshot after {} MiB of log entries ({}); the Raft log keeps growing until the"
              + " next attempt, after as many MiB again", config.storage.snapshotLogMb, e.getMessage());
        }
      });
    } catch (RejectedExecutionException e) {
      LOG.debug("Node closing: no snapshot for the log's size");
    }
  }

  /** Reads the TLS files; a bad one stops the start (releasing the data directory) with its name. */
  private static NodeTls startTls(NodeConfig config, FileChannel lock) throws IOException {
    try {
      return NodeTls.from(config.security);
    } catch (RuntimeException e) {
      lock.close();
      throw new IOException("TLS: " + e.getMessage(), e);
    }
  }

  private static String advertiseHost(NodeConfig config) throws IOException {
    if (!config.network.advertiseHost.isBlank()) {
      return config.network.advertiseHost;
    }
    String bind = config.network.bindHost;
    if (bind.equals("0.0.0.0") || bind.equals("::")) {
      return InetAddress.getLocalHost().getCanonicalHostName();
    }
    return bind;
  }

  private static FileChannel lock(Path dataDir) throws IOException {
    Path lockFile = dataDir.resolve("node.lock");
    FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("data directory " + dataDir + " is in use by another Ferrium node;"
          + " give each node its own node.data-dir");
    }
    return channel;
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    http.close();
    grpc.close();
    blockingCalls.shutdownNow();
    peers.close();
    try {
      raft.close();
    } catch (IOException e) {
      LOG.warn("Raft server did not close cleanly: {}", e.getMessage());
    }
    metrics.close();
    tls.close();
    try {
      lockChannel.close();
    } catch (IOException e) {
      LOG.debug("releasing the data directory lock failed", e);
    }
  }
}
