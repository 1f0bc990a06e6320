package io.ferrium.bench;

import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.ManagementServiceGrpc.ManagementServiceFutureStub;
import io.ferrium.api.v1.Member;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.FerriumNode;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.server.kv.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Three Ferrium nodes in this JVM on 127.0.0.1 with OS-chosen ports, formed into one cluster. */
final class InProcessCluster implements AutoCloseable {
  private final Path root;
  private final List<FerriumNode> nodes = new ArrayList<>();

  private InProcessCluster(Path root) {
    this.root = root;
  }

  static InProcessCluster start(int n) throws IOException, InterruptedException {
    InProcessCluster cluster = new InProcessCluster(Files.createTempDirectory("ferrium-bench-test"));
    try {
      for (int i = 1; i <= n; i++) {
        cluster.nodes.add(FerriumNode.start(config("n" + i, cluster.root.resolve("n" + i))));
      }
      cluster.form();
      return cluster;
    } catch (IOException | RuntimeException | InterruptedException e) {
      cluster.close();
      throw e;
    }
  }

  private static NodeConfig config(String id, Path dataDir) {
    NodeConfig c = new NodeConfig();
    c.node.id = id;
    c.node.dataDir = dataDir.toString();
    c.network.bindHost = "127.0.0.1";
    c.network.grpcPort = 0;
    c.network.raftPort = 0;
    c.network.httpPort = 0;
    c.cluster.autoInit = false;
    c.raft.electionTimeoutMinMs = 700;
    c.raft.electionTimeoutMaxMs = 1400;
    return c;
  }

  private void form() throws InterruptedException {
    List<Member> members = nodes.stream().map(FerriumNode::self).collect(Collectors.toList());
    try (FerriumClient client = FerriumClient.builder().endpoints(endpoints()).timeout(Duration.ofSeconds(30))
        .build()) {
      client.management(ManagementServiceFutureStub::init, InitRequest.newBuilder().addAllMembers(members).build());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (client.clusterStatus().getLeaderId().isEmpty()) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("no leader elected within 60 s");
        }
        Thread.sleep(100);
      }
    }
  }

  List<String> endpoints() {
    return nodes.stream().map(n -> n.self().getApiAddress()).collect(Collectors.toList());
  }

  @Override
  public void close() throws IOException {
    for (FerriumNode node : nodes) {
      node.close();
    }
    FileTrees.deleteRecursively(root);
  }
}
