package io.ferrium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.server.cluster.MiniCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
  private static MiniCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MiniCluster.start(3);
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
  void aRequestStuckSinceTheWarmupShowsItsWholeWait() throws Exception {
    Target slowFirst = new FakeTarget() {
      private final AtomicBoolean first = new AtomicBoolean(true);

      @Override
      public CompletableFuture<?> put(byte[] key, byte[] value) {
        if (first.getAndSet(false)) {
          return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(1200, TimeUnit.MILLISECONDS));
        }
        return CompletableFuture.completedFuture(null);
      }
    };
    LoadRunner runner = new LoadRunner(slowFirst, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    RunResult result = runner.run(new LoadSettings(Workload.PUT, 1, 16, 10, 10, Duration.ofMillis(200),
        Duration.ofMillis(500), 1_000, Duration.ofSeconds(5), 1));
    assertThat(result.ops()).isEqualTo(1);
    assertThat(result.maxMs()).isGreaterThanOrEqualTo(1000);
    assertThat(result.seconds()).isGreaterThanOrEqualTo(0.5);
  }

  @Test
  void readsOfKeysNeverWrittenAreErrors() throws Exception {
    Target missing = new FakeTarget() {
      @Override
      public CompletableFuture<?> get(byte[] key, boolean linearizable) {
        return CompletableFuture.failedFuture(new MissingKeyException(key));
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

  @Test
  void preloadOfLargeValuesKeepsFewInFlight() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    Target slow = new FakeTarget() {
      @Override
      public CompletableFuture<?> put(byte[] key, byte[] value) {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return CompletableFuture.runAsync(inFlight::decrementAndGet,
            CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS));
      }
    };
    LoadRunner runner = new LoadRunner(slow, new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8));
    RunResult result = runner.run(new LoadSettings(Workload.GET_SERIALIZABLE, 64, 16, 1_000_000, 100,
        Duration.ZERO, Duration.ofMillis(100), 1_000, Duration.ofSeconds(30), 1));
    assertThat(result.errors()).isZero();
    // 100 keys written, never more than 4 MiB of values at once.
    assertThat(mostInFlight.get()).isBetween(1, 4);
  }

  @Test
  void settlingRunsEveryShapeUnmeasuredBeforeTheRuns() throws Exception {
    AtomicInteger puts = new AtomicInteger();
    AtomicInteger gets = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    Target counting = new FakeTarget() {
      @Override
      public CompletableFuture<?> put(byte[] key, byte[] value) {
        puts.incrementAndGet();
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<?> get(byte[] key, boolean linearizable) {
        gets.incrementAndGet();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return CompletableFuture.runAsync(inFlight::decrementAndGet,
            CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS));
      }
    };
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadRunner runner = new LoadRunner(counting, new PrintStream(progress, true, StandardCharsets.UTF_8));
    List<LoadSettings> runs = List.of(
        settleShape(Workload.PUT, 1, 50), settleShape(Workload.GET_SERIALIZABLE, 4, 50));

    long started = System.nanoTime();
    runner.settle(runs, Duration.ofMillis(400));

    // Half of the 400 ms for each shape, not the runs' own 5 s; the gets' keys were written first.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(puts.get()).isGreaterThan(50);
    assertThat(gets.get()).isPositive();
    assertThat(mostInFlight.get()).isBetween(2, 4);
    assertThat(progress.toString(StandardCharsets.UTF_8))
        .contains("fake: settling (pass 1 of 1) with put at 1 outstanding for 0.2 s")
        .contains("fake: settling (pass 1 of 1) with get-serializable at 4 outstanding for 0.2 s")
        .contains("preloading 50 keys");
  }

  @Test
  void aLongSettleCyclesThroughTheShapesInShortSlices() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    Target recording = new FakeTarget() {
      @Override
      public CompletableFuture<?> put(byte[] key, byte[] value) {
        record("put");
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletableFuture<?> get(byte[] key, boolean linearizable) {
        record("get");
        return CompletableFuture.completedFuture(null);
      }

      private void record(String op) {
        synchronized (order) {
          if (order.isEmpty() || !order.get(order.size() - 1).equals(op)) {
            order.add(op);
          }
        }
      }
    };
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    LoadRunner runner = new LoadRunner(recording, new PrintStream(progress, true, StandardCharsets.UTF_8));
    List<LoadSettings> runs = List.of(
        settleShape(Workload.PUT, 1, 20), settleShape(Workload.GET_SERIALIZABLE, 1, 20));

    // 600 ms for two shapes with slices of at most 100 ms: three passes of 100 ms each.
    runner.settle(runs, Duration.ofMillis(600), Duration.ofMillis(100));

    String text = progress.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("fake: settling (pass 1 of 3) with put at 1 outstanding for 0.1 s")
        .contains("fake: settling (pass 3 of 3) with get-serializable at 1 outstanding for 0.1 s")
        .doesNotContain("pass 4");
    // The keys are preloaded once; the shapes alternate pass after pass.
    assertThat(text.split("preloading", -1)).hasSize(2);
    assertThat(order).containsExactly("put", "get", "put", "get", "put", "get");
  }

  /** A run shape for the settling tests: its own 5 s duration is never used by the settle. */
  private static LoadSettings settleShape(Workload workload, int outstanding, int keyspace) {
    return new LoadSettings(workload, outstanding, 16, 100, keyspace, Duration.ZERO, Duration.ofSeconds(5), 1_000_000,
        Duration.ofSeconds(30), 1);
  }

  /** A store that answers at once and remembers nothing. */
  private static class FakeTarget implements Target {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public CompletableFuture<?> put(byte[] key, byte[] value) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<?> get(byte[] key, boolean linearizable) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
    }
  }
}
