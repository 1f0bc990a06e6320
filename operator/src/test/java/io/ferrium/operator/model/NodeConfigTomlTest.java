package io.ferrium.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.server.config.ConfigLoader;
import io.ferrium.server.config.NodeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered file is read by the node's own configuration loader, as a pod would. */
class NodeConfigTomlTest {
  @TempDir
  Path dir;

  @Test
  void theNodeLoadsTheRenderedFileWithTheOperatorsSettingsAndTheUsersExtras() throws Exception {
    ClusterSpec spec = ClusterSpec.from(ModelBuildersTest.cluster());
    Path file = dir.resolve("ferrium.toml");
    Files.writeString(file, NodeConfigToml.render(spec));

    NodeConfig config = ConfigLoader.load(Optional.of(file), Map.of("FERRIUM_NODE_ID", "kv-0"), Map.of());

    assertThat(config.node.id).isEqualTo("kv-0");
    assertThat(config.node.dataDir).isEqualTo("/var/lib/ferrium");
    assertThat(config.network.bindHost).isEqualTo("0.0.0.0");
    assertThat(config.network.grpcPort).isEqualTo(21002);
    assertThat(config.network.raftPort).isEqualTo(21003);
    assertThat(config.network.httpPort).isEqualTo(21001);
    assertThat(config.cluster.autoInit).isFalse();
    assertThat(config.cluster.name).isEqualTo("kv");
    assertThat(config.raft.electionTimeoutMaxMs).isEqualTo(3000);
    assertThat(config.logging.format).isEqualTo("json");
  }

  @Test
  void theOperatorKeepsTheSettingsItDependsOn() {
    assertThat(NodeConfigToml.isSettable("raft.election-timeout-min-ms")).isTrue();
    assertThat(NodeConfigToml.isSettable("cluster.auto-init")).isFalse();
    assertThat(NodeConfigToml.isSettable("node.id")).isFalse();
    assertThat(NodeConfigToml.isSettable("network.grpc-port")).isFalse();
    assertThat(NodeConfigToml.isSettable("no-section")).isFalse();
  }
}
