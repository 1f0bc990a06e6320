package io.ferrium.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private static NodeConfig load(Optional<Path> file, Map<String, String> env, Map<String, String> cli)
      throws ConfigException {
    return ConfigLoader.load(file, env, cli);
  }

  @Test
  void noFileGivesTheLocalSingleNodeDefaults() throws Exception {
    NodeConfig c = load(Optional.empty(), Map.of(), Map.of());
    assertThat(c.network.bindHost).isEqualTo("127.0.0.1");
    assertThat(c.network.httpPort).isEqualTo(21001);
    assertThat(c.node.dataDir).isEqualTo("./ferrium-data");
    assertThat(c.cluster.autoInit).isTrue();
  }

  @Test
  void theShippedDefaultFileEqualsTheBuiltInDefaults() throws Exception {
    Path file = dir.resolve("ferrium.toml");
    ConfigLoader.generate(file);
    NodeConfig fromFile = load(Optional.of(file), Map.of(), Map.of());
    assertThat(ConfigLoader.toToml(fromFile)).isEqualTo(ConfigLoader.toToml(new NodeConfig()));
    assertThat(Files.readString(file)).contains("# Election timeout range");
  }

  @Test
  void generateRefusesToOverwrite() throws Exception {
    Path file = dir.resolve("exists.toml");
    Files.writeString(file, "keep me");
    assertThatThrownBy(() -> ConfigLoader.generate(file)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("exists");
    assertThat(Files.readString(file)).isEqualTo("keep me");
  }

  @Test
  void commandLineBeatsEnvironmentBeatsFile() throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, "[node]\nid = \"from-file\"\n[network]\ngrpc-port = 3000\nraft-port = 3001\n");
    NodeConfig c = load(Optional.of(file),
        Map.of("FERRIUM_NODE_ID", "from-env", "FERRIUM_NETWORK_RAFT_PORT", "4001", "PATH", "/bin"),
        Map.of("node.id", "from-cli"));
    assertThat(c.node.id).isEqualTo("from-cli");
    assertThat(c.network.raftPort).isEqualTo(4001);
    assertThat(c.network.grpcPort).isEqualTo(3000);
  }

  @Test
  void unknownKeyInTheFileIsNamed() throws Exception {
    Path file = dir.resolve("c.toml");
    Files.writeString(file, "[network]\ngrpc-prot = 1\n");
    assertThatThrownBy(() -> load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("network.grpc-prot").hasMessageContaining("unknown");
  }

  @Test
  void unknownOverrideIsNamedWithItsOrigin() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of("FERRIUM_RAFT_ELECTION", "1"), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("raft.election")
        .hasMessageContaining("FERRIUM_RAFT_ELECTION");
  }

  @Test
  void wrongTypeIsNamed() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("network.grpc-port", "many")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("network.grpc-port");
  }

  @Test
  void invalidTomlNamesTheFile() throws Exception {
    Path file = dir.resolve("broken.toml");
    Files.writeString(file, "[node\nid = ");
    assertThatThrownBy(() -> load(Optional.of(file), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("broken.toml");
  }

  @Test
  void missingFileIsReported() {
    assertThatThrownBy(() -> load(Optional.of(dir.resolve("nope.toml")), Map.of(), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }

  @Test
  void validationReportsEveryProblemWithItsKey() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of(
        "node.id", "bad id!",
        "network.grpc-port", "70000",
        "raft.election-timeout-max-ms", "500",
        "storage.max-request-bytes", "10",
        "storage.snapshot-log-mb", "0",
        "logging.level", "LOUD",
        "security.grpc-tls", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("node.id")
        .hasMessageContaining("network.grpc-port")
        .hasMessageContaining("raft.election-timeout-max-ms")
        .hasMessageContaining("storage.max-request-bytes")
        .hasMessageContaining("storage.snapshot-log-mb")
        .hasMessageContaining("logging.level")
        .hasMessageContaining("security.grpc-tls");
  }

  @Test
  void tlsNeedsItsFilesNamedByKey() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("security.raft-tls", "tls")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("security.cert-file")
        .hasMessageContaining("security.ca-file");
  }

  @Test
  void samePortTwiceIsRejected() {
    assertThatThrownBy(() -> load(Optional.empty(), Map.of(), Map.of("network.raft-port", "21002")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must differ");
  }
}
