package io.ferrium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OptionsTest {
  @Test
  void onlyLoopbackEndpointsAreAccepted() {
    assertThat(Loopback.check(List.of("127.0.0.1:2379", "localhost:21002", "http://127.1.2.3:9")))
        .containsExactly("127.0.0.1:2379", "127.0.0.1:21002", "127.1.2.3:9");
    for (String bad : List.of("10.0.0.1:2379", "192.168.1.5:21002", "example.com:80", "[::1]:2379",
        "127.0.0.1", "127.0.0.256:1", "0.0.0.0:2379", "1270.0.0.1:1")) {
      assertThatThrownBy(() -> Loopback.check(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Loopback.check(List.of("10.1.2.3:2379")))
        .hasMessageContaining("only to loopback addresses");
  }

  @Test
  void aRemoteEndpointIsRefusedBeforeAnyRequest() {
    StringWriter err = new StringWriter();
    CommandLine cli = BenchMain.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--target", "etcd", "-e", "10.0.0.7:2379", "--duration", "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("refusing endpoint '10.0.0.7:2379'");
  }

  @Test
  void badSettingsAreUsageErrors() {
    for (String[] args : List.of(new String[] {"-c", "0"}, new String[] {"--duration", "7200"},
        new String[] {"--settle", "-5"},
        new String[] {"-w", "scan"}, new String[] {"--keyspace", "100000", "--key-size", "4"})) {
      StringWriter err = new StringWriter();
      CommandLine cli = BenchMain.commandLine();
      cli.setErr(new PrintWriter(err));
      assertThat(cli.execute(args)).as(String.join(" ", args)).isEqualTo(2);
      assertThat(err.toString()).startsWith("ferrium-bench: ");
    }
  }

  @Test
  void keysHaveTheRequestedSizeAndAreDistinct() {
    KeySpace keys = new KeySpace(1000, 16, 100, 1);
    assertThat(new String(keys.key(42))).isEqualTo("k000000000000042");
    assertThat(keys.key(999)).hasSize(16);
    assertThat(keys.value()).hasSize(100);
    assertThat(KeySpace.minKeySize(1000)).isEqualTo(4);
  }

  @Test
  void rssIsReadFromProcStatus() {
    assertThat(Rss.parse(List.of("Name:\tjava", "VmRSS:\t  123456 kB", "VmSwap:\t0 kB")).getAsLong())
        .isEqualTo(123456);
    assertThat(Rss.kib(ProcessHandle.current().pid())).isPresent();
  }
}
