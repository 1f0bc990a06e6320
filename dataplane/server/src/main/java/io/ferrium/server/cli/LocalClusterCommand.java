package io.ferrium.server.cli;

import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.ManagementServiceGrpc.ManagementServiceFutureStub;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.NodeState;
import io.ferrium.client.FerriumClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferrium local-cluster up|down|status}: N node processes on this machine, for trying and benchmarking. */
@Command(name = "local-cluster", description = "Run a cluster of node processes on 127.0.0.1.",
    mixinStandardHelpOptions = true,
    subcommands = {LocalClusterCommand.Up.class, LocalClusterCommand.Down.class, LocalClusterCommand.Status.class})
final class LocalClusterCommand {
  private LocalClusterCommand() {
  }

  abstract static class Base implements Callable<Integer> {
    @Option(names = "--dir", description = "Where node data, logs and cluster.json live (default ./ferrium-local).")
    Path dir = Path.of("ferrium-local");
    @Spec
    CommandSpec spec;
  }

  @Command(name = "up", description = "Start N nodes, form the cluster, print its endpoints.")
  static final class Up extends Base {
    static final String DEFAULT_JAVA_OPTIONS = "-Xms32m -Xmx128m -XX:MaxDirectMemorySize=256m -XX:+UseSerialGC"
        + " -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:TrimNativeHeapInterval=5000";
    @Option(names = "--nodes", description = "Number of nodes (default 3).") int nodes = 3;
    @Option(names = "--base-port", description = "HTTP port of n1; node i uses base+1000*(i-1) for HTTP,"
        + " +1 for gRPC, +2 for Raft (default 21001).")
    int basePort = 21001;
    @Option(names = "--java-opt", paramLabel = "OPTION", description = "JVM option for each node (repeatable;"
        + " default " + DEFAULT_JAVA_OPTIONS + ": a node's data lives in RocksDB, off the heap, so the heap"
        + " starts small, grows with what it keeps (up to the limit) and gives memory back after a full"
        + " collection, keeping enough room that full collections stay rare; freed native"
        + " memory is returned to the OS every 5 s; Netty's buffer pools for large values need more direct"
        + " memory than the heap's size).")
    List<String> javaOptions = new ArrayList<>(List.of(DEFAULT_JAVA_OPTIONS.split(" ")));
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file every node reads"
        + " (e.g. a [security] section); ids, ports and data directories are set by the launcher.")
    Path config;
    @Mixin
    TlsOptions tls = new TlsOptions();

    @Override
    public Integer call() throws Exception {
      if (nodes < 1 || nodes > 9) {
        Cli.err(spec).println("ferrium: --nodes must be between 1 and 9");
        return ExitCodes.USAGE;
      }
      LocalCluster cluster = new LocalCluster(dir);
      LocalCluster.State state = cluster.start(nodes, basePort, javaOptions, config);
      List<String> endpoints = state.nodes().stream().map(LocalCluster.Node::apiAddress).collect(Collectors.toList());
      try (FerriumClient client = client(endpoints, 60)) {
        for (LocalCluster.Node node : state.nodes()) {
          awaitUp(node);
        }
        formIfNew(state, endpoints);
        Poll.until(Duration.ofSeconds(60), "a leader", () -> !status(client).getLeaderId().isEmpty());
      } catch (RuntimeException e) {
        cluster.stop(state);
        cluster.forget();
        throw new IllegalStateException("the cluster did not form: " + e.getMessage() + "; see the logs in " + dir, e);
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (LocalCluster.Node node : state.nodes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", node.id());
        row.put("pid", node.pid());
        row.put("grpc", node.apiAddress());
        row.put("http", "127.0.0.1:" + node.httpPort());
        row.put("raft", node.raftAddress());
        rows.add(row);
      }
      new Output(Output.Format.table).rows(Cli.out(spec), null, rows);
      Cli.out(spec).println();
      Cli.out(spec).println("export FERRIUM_ENDPOINTS=" + String.join(",", endpoints));
      Cli.out(spec).println("Stop it with: ferrium local-cluster down --dir " + cluster.dir());
      Cli.out(spec).flush();
      return ExitCodes.OK;
    }

    private void awaitUp(LocalCluster.Node node) {
      try (FerriumClient one = client(List.of(node.apiAddress()), 5)) {
        Poll.until(Duration.ofSeconds(90), "node " + node.id() + " to answer", () -> {
          if (node.process().isEmpty()) {
            throw new IllegalStateException("node " + node.id() + " exited; see " + node.log());
          }
          return status(one) != null;
        });
      }
    }

    /** Forms the cluster unless the nodes already belong to one (a restart over existing data). */
    private void formIfNew(LocalCluster.State state, List<String> endpoints) {
      LocalCluster.Node first = state.nodes().get(0);
      try (FerriumClient one = client(List.of(first.apiAddress()), 60)) {
        if (status(one).getState() == NodeState.MEMBER) {
          return;
        }
        List<Member> members = state.nodes().stream().map(n -> Member.newBuilder().setId(n.id())
            .setRaftAddress(n.raftAddress()).setApiAddress(n.apiAddress())
            .setHttpAddress("127.0.0.1:" + n.httpPort()).build()).collect(Collectors.toList());
        one.management(ManagementServiceFutureStub::init, InitRequest.newBuilder().addAllMembers(members).build());
      }
    }

    private FerriumClient client(List<String> endpoints, int timeoutSeconds) {
      return tls.applyTo(FerriumClient.builder().endpoints(endpoints).timeout(Duration.ofSeconds(timeoutSeconds)))
          .build();
    }

    private static GetClusterStatusResponse status(FerriumClient client) {
      return client.management(ManagementServiceFutureStub::getClusterStatus,
          GetClusterStatusRequest.newBuilder().setLocalOnly(true).build());
    }
  }

  @Command(name = "down", description = "Stop the nodes that 'up' started (data is kept unless --purge).")
  static final class Down extends Base {
    @Option(names = "--purge", description = "Also delete the nodes' data and logs.") boolean purge;

    @Override
    public Integer call() throws Exception {
      LocalCluster cluster = new LocalCluster(dir);
      LocalCluster.State state = cluster.state().orElse(null);
      if (state == null) {
        Cli.err(spec).println("ferrium: no local cluster recorded in " + cluster.dir());
        return ExitCodes.REJECTED;
      }
      List<String> stopped = cluster.stop(state);
      cluster.forget();
      Cli.out(spec).println(stopped.isEmpty() ? "no node was running" : "stopped " + String.join(", ", stopped));
      if (purge) {
        for (LocalCluster.Node node : state.nodes()) {
          io.ferrium.server.kv.FileTrees.deleteRecursively(Path.of(node.dataDir()));
          java.nio.file.Files.deleteIfExists(Path.of(node.log()));
        }
        Cli.out(spec).println("deleted the nodes' data and logs");
      }
      Cli.out(spec).flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", description = "Show which recorded nodes are running.")
  static final class Status extends Base {
    @Override
    public Integer call() throws Exception {
      LocalCluster.State state = new LocalCluster(dir).state().orElse(null);
      if (state == null) {
        Cli.err(spec).println("ferrium: no local cluster recorded in " + dir.toAbsolutePath());
        return ExitCodes.REJECTED;
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (LocalCluster.Node node : state.nodes()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", node.id());
        row.put("pid", node.pid());
        row.put("running", node.process().isPresent());
        row.put("grpc", node.apiAddress());
        row.put("log", node.log());
        rows.add(row);
      }
      new Output(Output.Format.table).rows(Cli.out(spec), null, rows);
      return ExitCodes.OK;
    }
  }
}
