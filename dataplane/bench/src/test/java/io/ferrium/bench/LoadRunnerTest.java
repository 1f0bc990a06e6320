package io.ferrium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The load generator against a real three-node Ferrium cluster in this JVM: every workload yields
 * operations and no errors. Only the tool's correctness is checked, never its speed.
 */
@Timeout(180)
class LoadRunnerTest {
  private static InProcessCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = InProcessCluster.start(3);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyWorkloadRunsWithoutErrors() throws Exception {
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try (Target target = new FerriumTarget(cluster.endpoints(), Duration.ofSeconds(20))) {
      LoadRunner runner = new LoadRunner(target, new PrintStream(progress, true, StandardCharsets.UTF_8));
      for (Workload workload : Workload.values()) {
        for (int outstanding : List.of(1, 8)) {
          LoadSettings settings = new LoadSettings(workload, outstanding, 16, 100, 200, Duration.ofMillis(200),
              Duration.ofSeconds(1), 100_000, Duration.ofSeconds(20), 7);
          RunResult result = runner.run(settings);
          assertThat(result.errors()).as("errors of %s at %d: %s", workload, outstanding, result.firstError())
              .isZero();
          assertThat(result.ops()).as("ops of %s at %d", workload, outstanding).isPositive();
          assertThat(result.p50Ms()).isPositive().isLessThanOrEqualTo(result.p99Ms());
          assertThat(Report.jsonLine(result)).startsWith("{\"target\":\"ferrium\",\"workload\":\"" + workload.label());
        }
      }
    }
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("preloading 200 keys");
  }

  @Test
  void maxOpsBoundsARun() throws Exception {
    try (Target target = new FerriumTarget(cluster.endpoints(), Duration.ofSeconds(20))) {
      LoadRunner runner = new LoadRunner(target, new PrintStream(new ByteArrayOutputStream(), true,
          StandardCharsets.UTF_8));
      RunResult result = runner.run(new LoadSettings(Workload.PUT, 4, 16, 100, 100, Duration.ZERO,
          Duration.ofSeconds(60), 50, Duration.ofSeconds(20), 1));
      assertThat(result.ops() + result.errors()).isEqualTo(50);
      assertThat(result.errors()).isZero();
    }
  }

  @Test
  void readsOfKeysNeverWrittenAreErrors() throws Exception {
    Target missing = new Target() {
      @Override
      public String name() {
        return "empty";
      }

      @Override
      public java.util.concurrent.CompletableFuture<?> put(byte[] key, byte[] value) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }

      @Override
      public java.util.concurrent.CompletableFuture<?> get(byte[] key, boolean linearizable) {
        return java.util.concurrent.CompletableFuture.failedFuture(new MissingKeyException(key));
      }

      @Override
      public void close() {
      }
    };
    LoadRunner runner = new LoadRunner(missing, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    RunResult result = runner.run(new LoadSettings(Workload.GET_SERIALIZABLE, 2, 16, 10, 10, Duration.ZERO,
        Duration.ofMillis(200), 1_000, Duration.ofSeconds(5), 1));
    assertThat(result.ops()).isZero();
    assertThat(result.errors()).isEqualTo(1_000);
    assertThat(result.firstError()).contains("key not found: k");
  }
}
