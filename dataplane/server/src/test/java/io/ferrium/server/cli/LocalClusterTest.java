package io.ferrium.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The launcher starts a real 3-process cluster, and stops exactly the processes it started. */
@Timeout(300)
class LocalClusterTest {
  @TempDir
  Path dir;

  @Test
  void upFormsAThreeNodeClusterAndDownLeavesNoProcessBehind() throws Exception {
    int base = freeBase();
    Path clusterDir = dir.resolve("c");
    LocalCluster.State state = null;
    try {
      CliRun up = CliRun.of("local-cluster", "up", "--nodes", "3", "--base-port", Integer.toString(base),
          "--dir", clusterDir.toString(), "--java-opt", "-Xmx256m", "--java-opt", "-XX:+UseSerialGC");
      assertThat(up.exitCode()).as(up.err()).isZero();
      state = new LocalCluster(clusterDir).state().orElseThrow();
      assertThat(state.nodes()).hasSize(3).allMatch(n -> n.process().isPresent());
      String endpoints = "127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 1001) + ",127.0.0.1:" + (base + 2001);
      assertThat(up.out()).contains("export FERRIUM_ENDPOINTS=" + endpoints);

      assertThat(CliRun.of("kv", "put", "launched", "yes", "-e", endpoints).exitCode()).isZero();
      assertThat(CliRun.of("kv", "get", "launched", "-e", "127.0.0.1:" + (base + 2001)).out().trim()).isEqualTo("yes");
      assertThat(CliRun.of("local-cluster", "status", "--dir", clusterDir.toString()).out()).contains("true");

      CliRun again = CliRun.of("local-cluster", "up", "--base-port", Integer.toString(base), "--dir",
          clusterDir.toString());
      assertThat(again.exitCode()).isEqualTo(1);
      assertThat(again.err()).contains("still running");

      CliRun down = CliRun.of("local-cluster", "down", "--dir", clusterDir.toString());
      assertThat(down.exitCode()).as(down.err()).isZero();
      assertThat(down.out()).contains("stopped n1").contains("n2").contains("n3");
      for (LocalCluster.Node node : state.nodes()) {
        assertThat(ProcessHandle.of(node.pid()).map(ProcessHandle::isAlive).orElse(false))
            .as("process of %s", node.id()).isFalse();
      }
      assertThat(new LocalCluster(clusterDir).state()).isEmpty();
    } finally {
      if (state != null) {
        new LocalCluster(clusterDir).stop(state);
      }
    }
  }

  @Test
  void aBusyPortIsReportedBeforeAnythingStarts() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun up = CliRun.of("local-cluster", "up", "--nodes", "1", "--base-port",
          Integer.toString(busy.getLocalPort()), "--dir", dir.resolve("b").toString());
      assertThat(up.exitCode()).isEqualTo(1);
      assertThat(up.err()).contains("port " + busy.getLocalPort()).contains("in use");
    }
  }

  /** A base port whose three-node port block (base..base+2002) is free now. */
  private static int freeBase() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20000 + ThreadLocalRandom.current().nextInt(0, 20) * 1000 + ThreadLocalRandom.current().nextInt(0, 900);
      if (List.of(0, 1, 2, 1000, 1001, 1002, 2000, 2001, 2002).stream().allMatch(d -> free(base + d))) {
        return base;
      }
    }
    throw new IllegalStateException("no free port block found");
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
