package io.ferrium.server.metrics;

import io.ferrium.server.kv.RocksKvStore;
import io.ferrium.server.raft.RaftNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.server.RaftServer;

/**
 * The node's Prometheus metrics: requests per surface and operation (counts and latency
 * histograms), Raft state, snapshots, RocksDB size, and the JVM. Names follow Prometheus
 * conventions once rendered: {@code ferrium_} prefix, {@code _seconds}, {@code _total}.
 */
public final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Latency buckets: a fixed, small set keeps the series count low. */
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
      Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
      Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Counter leaderChanges;
  private final Timer snapshots;
  private final Map<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();

  public NodeMetrics(RaftNode raft) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc.bindTo(registry);

    leaderChanges = Counter.builder("ferrium.raft.leader.changes").description("Leader changes seen by this node")
        .register(registry);
    snapshots = Timer.builder("ferrium.snapshot.duration").description("Snapshots taken by this node")
        .serviceLevelObjectives(BUCKETS).register(registry);

    raftGauge(raft, "ferrium.raft.term", "Current Raft term", d -> d.getInfo().getCurrentTerm());
    raftGauge(raft, "ferrium.raft.commit.index", "Raft commit index", d -> d.getRaftLog().getLastCommittedIndex());
    raftGauge(raft, "ferrium.raft.applied.index", "Index applied to the store", d -> d.getInfo().getLastAppliedIndex());
    raftGauge(raft, "ferrium.raft.log.start.index", "First index still in the Raft log",
        d -> d.getRaftLog().getStartIndex());
    for (RaftPeerRole role : new RaftPeerRole[] {RaftPeerRole.LEADER, RaftPeerRole.FOLLOWER,
        RaftPeerRole.CANDIDATE, RaftPeerRole.LISTENER}) {
      String name = role == RaftPeerRole.LISTENER ? "learner" : role.name().toLowerCase(Locale.ROOT);
      Gauge.builder("ferrium.raft.role", raft, r -> r.division()
              .map(d -> d.getInfo().getCurrentRole() == role ? 1.0 : 0.0).orElse(0.0))
          .description("1 for this node's current Raft role").tag("role", name).register(registry);
    }
    Gauge.builder("ferrium.member", raft, r -> r.isJoined() ? 1 : 0)
        .description("1 when this node is a member of a cluster").register(registry);

    storeGauge(raft, "ferrium.rocksdb.size", "bytes", "Live RocksDB data size", RocksKvStore::liveDataBytes);
    storeGauge(raft, "ferrium.rocksdb.estimated.keys", null, "Estimated number of keys", RocksKvStore::estimatedKeys);
  }

  private void raftGauge(RaftNode raft, String name, String help, ToDoubleFunction<RaftServer.Division> value) {
    Gauge.builder(name, raft, r -> r.division().map(value::applyAsDouble).orElse(Double.NaN))
        .description(help).register(registry);
  }

  private void storeGauge(RaftNode raft, String name, String unit, String help, ToDoubleFunction<RocksKvStore> value) {
    Gauge.Builder<RaftNode> gauge = Gauge.builder(name, raft, r -> r.stateMachine().store()
        .map(s -> {
          try {
            return value.applyAsDouble(s);
          } catch (RuntimeException closedMeanwhile) {
            return Double.NaN;
          }
        }).orElse(Double.NaN)).description(help);
    if (unit != null) {
      gauge.baseUnit(unit);
    }
    gauge.register(registry);
  }

  /** Counts and times one request. */
  public void request(String surface, String operation, String outcome, long nanos) {
    RequestMeters meters = requestMeters.computeIfAbsent(new RequestKey(surface, operation, outcome), this::register);
    meters.duration.record(nanos, TimeUnit.NANOSECONDS);
    meters.count.increment();
  }

  /** Meters are looked up once per surface, operation and outcome, not built again for every request. */
  private record RequestKey(String surface, String operation, String outcome) {}

  private record RequestMeters(Timer duration, Counter count) {}

  private RequestMeters register(RequestKey key) {
    String[] tags = {"surface", key.surface(), "op", key.operation(), "outcome", key.outcome()};
    return new RequestMeters(
        Timer.builder("ferrium.request.duration").description("Request latency by surface, operation and outcome")
            .tags(tags).serviceLevelObjectives(BUCKETS).register(registry),
        Counter.builder("ferrium.requests").description("Requests by surface, operation and outcome")
            .tags(tags).register(registry));
  }

  public void leaderChanged() {
    leaderChanges.increment();
  }

  public void snapshotTaken(long nanos) {
    snapshots.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** Everything in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
