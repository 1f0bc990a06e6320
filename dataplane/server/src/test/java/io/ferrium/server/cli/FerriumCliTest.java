package io.ferrium.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferrium.server.cluster.MiniCluster;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client commands against a 3-node cluster, run in-process: output and exit codes. */
@Timeout(300)
class FerriumCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String endpoints(MiniCluster cluster) {
    return cluster.peers().stream().map(MiniCluster.Peer::apiAddress).collect(Collectors.joining(","));
  }

  @Test
  void keyValueCommandsPrintTablesOrJsonWithMeaningfulExitCodes() throws Exception {
    MiniCluster.runWithNewCluster(3, cluster -> {
      String e = endpoints(cluster);
      CliRun put = CliRun.of("kv", "put", "greeting", "hello", "-e", e, "--timeout", "60");
      assertThat(put.exitCode()).as(put.err()).isZero();
      assertThat(put.out()).startsWith("OK (revision ");

      CliRun get = CliRun.of("kv", "get", "greeting", "-e", e, "--timeout", "60");
      assertThat(get.exitCode()).isZero();
      assertThat(get.out().trim()).isEqualTo("hello");
      JsonNode json = JSON.readTree(CliRun.of("kv", "get", "greeting", "-e", e, "-o", "json", "--timeout", "60").out());
      assertThat(json.get("value").asText()).isEqualTo("hello");
      assertThat(json.get("version").asLong()).isEqualTo(1);

      CliRun missing = CliRun.of("kv", "get", "nope", "-e", e, "--timeout", "60");
      assertThat(missing.exitCode()).isEqualTo(4);
      assertThat(missing.err()).contains("key not found: nope");

      assertThat(CliRun.of("kv", "cas", "greeting", "bye", "--expect", "hello", "-e", e, "--timeout", "60").exitCode()).isZero();
      CliRun failed = CliRun.of("kv", "cas", "greeting", "again", "--expect", "hello", "-e", e, "--timeout", "60");
      assertThat(failed.exitCode()).isEqualTo(4);
      assertThat(failed.out()).contains("current value is \"bye\"");
      assertThat(CliRun.of("kv", "cas", "fresh", "v", "--absent", "-e", e, "--timeout", "60").exitCode()).isZero();

      for (int i = 0; i < 5; i++) {
        CliRun.of("kv", "put", "list/" + i, "v" + i, "-e", e, "--timeout", "60");
      }
      CliRun scan = CliRun.of("kv", "scan", "list/", "--limit", "3", "-e", e, "--timeout", "60");
      assertThat(scan.out().lines().collect(Collectors.toList())).hasSize(4).first().asString().startsWith("KEY");
      JsonNode scanned = JSON.readTree(CliRun.of("kv", "scan", "list/", "-e", e, "-o", "json", "--timeout", "60").out());
      assertThat(scanned.get("kvs")).hasSize(5);

      CliRun deleted = CliRun.of("kv", "del", "list/0", "-e", e, "--timeout", "60");
      assertThat(deleted.out().trim()).isEqualTo("deleted");
      assertThat(CliRun.of("kv", "del", "list/0", "-e", e, "--timeout", "60").out().trim()).contains("not found");

      CliRun bad = CliRun.of("kv", "put", "", "v", "-e", e, "--timeout", "60");
      assertThat(bad.exitCode()).isEqualTo(1);
      assertThat(bad.err()).startsWith("ferrium: ").contains("key must not be empty");
      assertThat(bad.err().lines().count()).isEqualTo(1);
    });
  }

  @Test
  void memberStatusAndSnapshotCommandsDescribeAndChangeTheCluster() throws Exception {
    MiniCluster.runWithNewCluster(3, cluster -> {
      String e = endpoints(cluster);
      CliRun list = CliRun.of("member", "list", "-e", e, "--timeout", "60");
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(list.out()).contains("n1").contains("n2").contains("n3").contains("leader");
      JsonNode members = JSON.readTree(CliRun.of("member", "list", "-e", e, "-o", "json", "--timeout", "60").out()).get("members");
      assertThat(members).hasSize(3);

      String leader = cluster.awaitLeader();
      String target = cluster.peers().stream().map(MiniCluster.Peer::id).filter(id -> !id.equals(leader))
          .findFirst().orElseThrow();
      CliRun transfer = CliRun.of("member", "transfer-leader", target, "-e", e, "--timeout", "60");
      assertThat(transfer.out().trim()).isEqualTo("leader is now " + target);
      assertThat(cluster.awaitLeader()).isEqualTo(target);

      CliRun status = CliRun.of("status", "-e", e, "--timeout", "60");
      assertThat(status.out()).contains("leader " + target);
      JsonNode statusJson = JSON.readTree(CliRun.of("status", "-e", e, "-o", "json", "--timeout", "60").out());
      assertThat(statusJson.get("leader_id").asText()).isEqualTo(target);

      CliRun snapshot = CliRun.of("snapshot", "-e", e, "--timeout", "60");
      assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
      assertThat(snapshot.out().lines().count()).isEqualTo(4);

      CliRun removed = CliRun.of("member", "remove", "n3", "-e", e, "--timeout", "60");
      assertThat(removed.exitCode()).as(removed.err()).isZero();
      assertThat(removed.out()).doesNotContain("n3");
      CliRun unknown = CliRun.of("member", "promote", "ghost", "-e", e, "--timeout", "60");
      assertThat(unknown.exitCode()).isEqualTo(1);
      assertThat(unknown.err()).contains("no learner ghost");
    });
  }

  @Test
  void anUnreachableClusterGivesOneClearLineAndExitCode3() {
    CliRun run = CliRun.of("kv", "get", "k", "-e", "127.0.0.1:1", "--timeout", "2");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("ferrium: cannot reach the cluster").contains("127.0.0.1:1");
    assertThat(run.err().lines().count()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
  }

  @Test
  void usageErrorsExitWith2() {
    CliRun run = CliRun.of("kv", "cas", "k", "v");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--expect");
  }

  @Test
  void everySubcommandExplainsItselfWithHelp() {
    CliRun up = CliRun.of("local-cluster", "up", "--help");
    assertThat(up.exitCode()).isZero();
    assertThat(up.out()).contains("Usage: ferrium local-cluster up").contains("--java-opt");
    CliRun put = CliRun.of("kv", "put", "-h");
    assertThat(put.exitCode()).isZero();
    assertThat(put.out()).contains("Usage: ferrium kv put");
  }
}
