package io.ferrium.server.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.server.FerriumNode;
import io.ferrium.server.cluster.MiniCluster;
import io.ferrium.server.config.NodeConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class PutGetExampleTest {
  @TempDir
  Path dir;

  @Test
  void theReadmeExampleRoundTripsAgainstAnAutoInitialisedNode() throws Exception {
    NodeConfig config = MiniCluster.testConfig("solo", dir.resolve("solo"));
    config.cluster.autoInit = true;
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (FerriumNode node = FerriumNode.start(config)) {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      PutGet.main(new String[] {node.self().getApiAddress()});
    } finally {
      System.setOut(stdout);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("get greeting -> hello, ferrium");
  }
}
