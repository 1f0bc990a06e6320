package io.ferrium.server.raft;

import io.ferrium.server.config.NodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates the node's configuration into Ratis properties. */
final class RaftSettings {
  static final int LEADER_OUTSTANDING_APPENDS = 4;
  static final TimeDuration APPENDER_WAIT_MIN = TimeDuration.valueOf(200, TimeUnit.MICROSECONDS);
  private RaftSettings() {
  }

  static RaftProperties from(NodeConfig config, Path raftDir) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));
    RaftConfigKeys.Rpc.setType(p, new FerriumRpc());
    GrpcConfigKeys.Server.setHost(p, config.network.bindHost);
    GrpcConfigKeys.Server.setPort(p, config.network.raftPort);

    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(config.raft.electionTimeoutMinMs));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(config.raft.electionTimeoutMaxMs));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(config.raft.rpcTimeoutMs));
    RaftServerConfigKeys.LeaderElection.setPreVote(p, true);

    // Linearizable reads by ReadIndex, on followers too; never Ratis's DEFAULT (not linearizable).
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setTimeout(p, millis(config.network.requestTimeoutMs));
    // Ratis's ReadIndex heartbeat round can miss the acknowledgement it waits for (the heartbeat it
    // triggers may be sent before the round records the call id it expects) and then waits for
    // the next scheduled heartbeat, up to half the election timeout; a valid lease skips the round.
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, config.raft.leaderLease);

    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.storage.snapshotThreshold);
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, config.storage.snapshotsRetained);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, config.raft.purgeGap));
    // Ratis would otherwise append a metadata entry after each commit, doubling the log's entries;
    // the store persists its own applied index, so a restarted node loses nothing without them.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // A follower appends received entries on the thread that read them (FerriumRpc), in stream
    // order; Ratis's default composes each append onto the previous one through two thread pools,
    // three thread hand-offs per append (RATIS-2387 made it optional for that cost).
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p, false);
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.raft.logSegmentSizeMb + "MB"));
    // Closed segments cached in the heap: followers far behind read older entries from disk.
    RaftServerConfigKeys.Log.setSegmentCacheNumMax(p, 2);

    // Every buffer an entry passes through must hold the largest request; an append request carries
    // at most one of the largest entries (each is framed into a direct buffer of its size).
    long entryMax = config.storage.maxRequestBytes + 64L * 1024;
    SizeInBytes buffer = SizeInBytes.valueOf(Math.max(1L << 20, entryMax));
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, buffer);
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(buffer.getSize() + (1 << 20)));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf(buffer.getSize() + (1 << 20)));
    // Append requests a leader sends a follower before answers come back: Ratis's default, 128, let a
    // slow follower's queue fill the leader's direct memory with large values (64 clients writing
    // 1 MiB values: OutOfMemoryError in Ratis's message framer).
    GrpcConfigKeys.Server.setLeaderOutstandingAppendsMax(p, LEADER_OUTSTANDING_APPENDS);
    // Before sending a follower new entries, Ratis's appender sleeps until this long has passed since
    // its previous message to that follower. Its default, 1 ms, doubled a lone writer's latency
    // (median put 1.9 ms; 0.8-0.9 ms at 200 us); with no pause at all, appends under load got
    // smaller and more numerous, and mixed reads and writes at 64 in flight lost 15-25 %.
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, APPENDER_WAIT_MIN);
    GrpcConfigKeys.setFlowControlWindow(p, SizeInBytes.valueOf(Math.max(1L << 20, entryMax)));

    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(config.raft.rpcTimeoutMs));
    // The retry cache keeps the reply to every write request, so that a retry of the same call is
    // answered instead of applied twice. Only the node's own Raft client retries (forwarded writes),
    // within the request timeout; Ratis's default of 60 s kept ~130,000 replies (60 MB) in the heap
    // under load, filling a 128 MB heap and running full collections back to back.
    RaftServerConfigKeys.RetryCache.setExpiryTime(p, millis(retryCacheExpiryMs(config)));
    return p;
  }

  /** Twice the request timeout: longer than any retry of a request the node still waits for. */
  static long retryCacheExpiryMs(NodeConfig config) {
    return 2 * config.network.requestTimeoutMs;
  }

  static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }
}
