package io.ferrium.server.cluster;

import static org.awaitility.Awaitility.await;

import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.Member;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.cli.FerriumCli;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * N node processes on 127.0.0.1, for real crashes: {@link #kill9} sends SIGKILL. Every process it
 * starts is stopped by {@link #close}.
 */
final class ProcessCluster implements AutoCloseable {
  static final class NodeProcess {
    final String id;
    final int grpcPort;
    final int raftPort;
    final int httpPort;
    final Path dataDir;
    final Path log;
    Process process;

    NodeProcess(String id, Path root) throws IOException {
      this.id = id;
      this.grpcPort = freePort();
      this.raftPort = freePort();
      this.httpPort = freePort();
      this.dataDir = root.resolve(id);
      this.log = root.resolve(id + ".log");
    }

    String apiAddress() {
      return "127.0.0.1:" + grpcPort;
    }

    Member member() {
      return Member.newBuilder().setId(id).setRaftAddress("127.0.0.1:" + raftPort).setApiAddress(apiAddress())
          .build();
    }
  }

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  ProcessCluster(int n, Path root) throws IOException {
    for (int i = 1; i <= n; i++) {
      nodes.add(new NodeProcess("p" + i, root));
    }
  }

  List<NodeProcess> nodes() {
    return nodes;
  }

  void startAll() throws IOException {
    for (NodeProcess node : nodes) {
      start(node);
    }
    for (NodeProcess node : nodes) {
      awaitUp(node);
    }
  }

  void init() {
    management(nodes.get(0)).init(InitRequest.newBuilder()
        .addAllMembers(nodes.stream().map(NodeProcess::member).collect(Collectors.toList())).build());
  }

  private void start(NodeProcess node) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = List.of(java, "-Xmx256m", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), FerriumCli.class.getName(), "server",
        "--id", node.id, "--data-dir", node.dataDir.toString(), "--bind-host", "127.0.0.1",
        "--grpc-port", Integer.toString(node.grpcPort), "--raft-port", Integer.toString(node.raftPort),
        "--http-port", Integer.toString(node.httpPort), "--auto-init", "false",
        "--set", "raft.election-timeout-min-ms=700", "--set", "raft.election-timeout-max-ms=1400");
    node.process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(node.log.toFile())).start();
  }

  private void awaitUp(NodeProcess node) {
    try {
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .failFast("node " + node.id + " exited", () -> !node.process.isAlive())
          .until(() -> management(node).getClusterStatus(
              GetClusterStatusRequest.newBuilder().setLocalOnly(true).build()) != null);
    } catch (RuntimeException e) {
      throw new AssertionError("node " + node.id + " did not come up (" + e.getMessage() + "); its log:\n"
          + tail(node.log), e);
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL every node at once: no shutdown hook, no flush. */
  void kill9All() throws InterruptedException {
    for (NodeProcess node : nodes) {
      node.process.destroyForcibly();
    }
    for (NodeProcess node : nodes) {
      node.process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  String awaitLeader() {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
        .until(() -> {
          GetClusterStatusResponse status = management(nodes.get(0)).getClusterStatus(
              GetClusterStatusRequest.newBuilder().setLocalOnly(true).build());
          return status.getLeaderId();
        }, leader -> !leader.isEmpty());
  }

  FerriumClient client() {
    return FerriumClient.builder().endpoints(nodes.stream().map(NodeProcess::apiAddress).collect(Collectors.toList()))
        .timeout(Duration.ofSeconds(60)).build();
  }

  ManagementServiceGrpc.ManagementServiceBlockingStub management(NodeProcess node) {
    ManagedChannel channel = NettyChannelBuilder.forTarget(node.apiAddress()).usePlaintext().build();
    channels.add(channel);
    return ManagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channels.forEach(ManagedChannel::shutdownNow);
    for (NodeProcess node : nodes) {
      if (node.process != null) {
        node.process.destroyForcibly();
        node.process.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Ports freePort() returned in this JVM. */
  private static final Set<Integer> handedOut = new HashSet<>();

  /**
   * A port free now, below the kernel's range for outgoing connections when it can: a node keeps
   * its ports across restarts, and a port from that range can be taken in between by any
   * connection this machine opens (a node then failed with "Failed to bind"). Never the same port
   * twice in one test run.
   */
  static synchronized int freePort() throws IOException {
    int ephemeralLow = ephemeralPortsStart();
    for (int attempt = 0; ephemeralLow > 20_000 && attempt < 100; attempt++) {
      int port = 10_000 + ThreadLocalRandom.current().nextInt(ephemeralLow - 10_000);
      if (!handedOut.add(port)) {
        continue;
      }
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        return port;
      } catch (IOException inUse) {
        // try another
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  /** The first port of Linux's ephemeral range, or 0 when it cannot be read. */
  private static int ephemeralPortsStart() {
    try {
      String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
