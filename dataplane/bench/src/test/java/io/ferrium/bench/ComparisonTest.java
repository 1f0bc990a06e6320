package io.ferrium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {
  @TempDir
  Path dir;

  @Test
  void mediansRatiosErrorsAndRss() throws Exception {
    Path file = dir.resolve("runs.jsonl");
    Files.write(file, List.of(
        run("etcd", "round-1", 1000, 2.0, 0, "{\"11\":102400,\"12\":102400,\"13\":102400}"),
        run("etcd", "round-2", 1200, 4.0, 0, "{\"21\":102400,\"22\":102400,\"23\":102400}"),
        run("ferrium", "round-1", 2200, 1.0, 0, "{\"31\":204800,\"32\":204800,\"33\":204800}"),
        run("ferrium", "round-2", 0, 0, 3, "{\"41\":204800,\"42\":204800,\"43\":204800}")));
    Comparison comparison = new Comparison("ferrium", "etcd");
    comparison.read(file);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    comparison.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);

    String row = out.lines().filter(l -> l.startsWith("put")).findFirst().orElseThrow();
    assertThat(row).contains("1100 [1000-1200]", "1100 [0-2200]", "1.00x", "3.00 [2.00-4.00]", "0.33x", "2/2", "0/3");
    assertThat(out).contains("RSS median member: etcd 100 MiB, ferrium 200 MiB, ferrium/etcd 2.00x");
    assertThat(out).contains("WARNING: 3 requests failed");
    assertThat(comparison.errors()).isEqualTo(3);
  }

  private static String run(String target, String tag, double opsPerSec, double p99, long errors, String rss) {
    long ops = (long) (opsPerSec * 5);
    return "{\"target\":\"" + target + "\",\"tag\":\"" + tag + "\",\"workload\":\"put\",\"outstanding\":64,"
        + "\"ops\":" + ops + ",\"errors\":" + errors + ",\"ops_per_sec\":" + opsPerSec + ",\"p99_ms\":" + p99
        + ",\"rss_kb\":" + rss + "}";
  }
}
