package io.ferrium.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferrium.server.FerriumNode;
import io.ferrium.server.cluster.MiniCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every HTTP endpoint against a 3-node cluster, including the seed's exact curl payloads and the errors. */
@Timeout(300)
class HttpApiTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SAMPLE = Pattern.compile(
      "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*\\})? (-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|[+-]Inf)");

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  static String http(FerriumNode node) {
    return "http://" + node.self().getHttpAddress();
  }

  static Reply get(String base, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  static Reply post(String base, String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body(), r);
  }

  @Test
  void seedKeyValuePayloadsWorkUnchangedOnEveryNode() throws Exception {
    MiniCluster.runWithNewCluster(3, cluster -> {
      String first = http(cluster.peers().get(0).node());
      assertThat(post(first, "/write", "{\"Set\":{\"key\":\"mykey\",\"value\":\"myvalue\"}}").body()).isEqualTo("\"Set\"");
      for (MiniCluster.Peer peer : cluster.peers()) {
        Reply read = post(http(peer.node()), "/read", "{\"key\":\"mykey\"}");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("key").asText()).isEqualTo("mykey");
        assertThat(read.json().get("value").asText()).isEqualTo("myvalue");
      }
      assertThat(post(first, "/write", "{\"Delete\":{\"key\":\"mykey\"}}").body()).isEqualTo("\"Delete\"");
      assertThat(post(first, "/read", "{\"key\":\"mykey\"}").json().get("value").isNull()).isTrue();
      Reply serializable = post(http(cluster.peers().get(2).node()), "/read",
          "{\"key\":\"mykey\",\"consistency\":\"serializable\"}");
      assertThat(serializable.status()).isEqualTo(200);
    });
  }

  @Test
  void leaderHealthAndProbesReportTheCluster() throws Exception {
    MiniCluster.runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      int leaders = 0;
      for (MiniCluster.Peer peer : cluster.peers()) {
        String base = http(peer.node());
        assertThat(get(base, "/health").json().get("status").asText()).isEqualTo("healthy");
        assertThat(get(base, "/livez").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(base, "/readyz").status()).isEqualTo(200));
        assertThat(get(base, "/leader").json().get("leader").asText()).isEqualTo(leader);
        leaders += get(base, "/is-leader").json().get("is_leader").asBoolean() ? 1 : 0;
        JsonNode members = get(base, "/members").json().get("members");
        assertThat(members).hasSize(3);
        assertThat(get(base, "/status").json().get("leader_id").asText()).isEqualTo(leader);
        assertThat(get(base, "/member").json().get("id").asText()).isEqualTo(peer.id());
      }
      assertThat(leaders).isEqualTo(1);
    });
  }

  @Test
  void seedMembershipFlowAddsLearnersThenMakesThemVoters(@TempDir Path dir) throws Exception {
    MiniCluster.runWithNewCluster(1, cluster -> {
      String first = http(cluster.peers().get(0).node());
      assertThat(post(first, "/init", "").json().get("status").asText()).isEqualTo("initialized");
      List<FerriumNode> joiners = List.of(
          FerriumNode.start(MiniCluster.testConfig("2", dir.resolve("2"))),
          FerriumNode.start(MiniCluster.testConfig("3", dir.resolve("3"))));
      try {
        for (FerriumNode joiner : joiners) {
          String addr = joiner.self().getHttpAddress();
          Reply added = post(first, "/add-learner", "{\"node_id\":" + joiner.self().getId()
              + ",\"rpc_addr\":\"" + addr + "\",\"api_addr\":\"" + addr + "\"}");
          assertThat(added.status()).as(added.body()).isEqualTo(200);
          assertThat(added.json().get("status").asText()).isEqualTo("learner added");
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
          Reply changed = post(first, "/change-membership", "[\"n1\",2,3]");
          assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        });
        JsonNode members = get(first, "/members").json().get("members");
        assertThat(members).hasSize(3).allMatch(m -> m.get("voter").asBoolean());
        post(first, "/write", "{\"Set\":{\"key\":\"joined\",\"value\":\"yes\"}}");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
            post(http(joiners.get(1)), "/read", "{\"key\":\"joined\"}").json().get("value").asText()).isEqualTo("yes"));
        assertThat(get(first, "/leader").json().get("leader").isTextual()).isTrue();
      } finally {
        joiners.forEach(FerriumNode::close);
      }
    });
  }

  @Test
  void scanAndCompareAndSwapMirrorTheGrpcApi() throws Exception {
    MiniCluster.runWithNewCluster(3, cluster -> {
      String base = http(cluster.peers().get(1).node());
      for (String k : List.of("a/1", "a/2", "a/3", "b/1")) {
        post(base, "/write", "{\"Set\":{\"key\":\"" + k + "\",\"value\":\"v-" + k + "\"}}");
      }
      JsonNode page = post(base, "/scan", "{\"prefix\":\"a/\",\"limit\":2}").json();
      assertThat(page.get("kvs")).extracting(n -> n.get("key").asText()).containsExactly("a/1", "a/2");
      assertThat(page.get("more").asBoolean()).isTrue();
      JsonNode rest = post(base, "/scan", "{\"prefix\":\"a/\",\"limit\":2,\"continuation\":\""
          + page.get("continuation").asText() + "\"}").json();
      assertThat(rest.get("kvs")).extracting(n -> n.get("key").asText()).containsExactly("a/3");
      assertThat(rest.get("more").asBoolean()).isFalse();
      JsonNode keysOnly = post(base, "/scan", "{\"start\":\"a/2\",\"end\":\"b/2\",\"keys_only\":true}").json();
      assertThat(keysOnly.get("kvs")).extracting(n -> n.get("key").asText()).containsExactly("a/2", "a/3", "b/1");
      assertThat(keysOnly.get("kvs").get(0).has("value")).isFalse();

      Reply created = post(base, "/cas", "{\"key\":\"lock\",\"expected\":null,\"value\":\"me\"}");
      assertThat(created.status()).isEqualTo(200);
      assertThat(created.json().get("succeeded").asBoolean()).isTrue();
      Reply conflict = post(base, "/cas", "{\"key\":\"lock\",\"expected\":null,\"value\":\"you\"}");
      assertThat(conflict.status()).isEqualTo(409);
      assertThat(conflict.json().get("current").get("value").asText()).isEqualTo("me");
      Reply swapped = post(base, "/cas", "{\"key\":\"lock\",\"expected\":\"me\",\"value\":\"you\"}");
      assertThat(swapped.json().get("succeeded").asBoolean()).isTrue();
    });
  }

  @Test
  void badRequestsGetJsonErrorsWithTheRightStatusAndTheNodeKeepsServing() throws Exception {
    MiniCluster.runWithNewCluster(1, config -> {
      config.storage.maxValueBytes = 1024;
      config.storage.maxRequestBytes = 8 * 1024;
    }, cluster -> {
      String base = http(cluster.peers().get(0).node());
      assertError(post(base, "/write", "{\"Set\":{\"key\":\"a\""), 400, "INVALID_ARGUMENT", "malformed JSON");
      assertError(post(base, "/write", "[1,2]"), 400, "INVALID_ARGUMENT", "JSON object");
      assertError(post(base, "/write", "{\"Frobnicate\":{\"key\":\"a\"}}"), 400, "INVALID_ARGUMENT", "Frobnicate");
      assertError(post(base, "/write", "{\"Set\":{\"key\":\"\",\"value\":\"v\"}}"), 400, "INVALID_ARGUMENT", "empty");
      assertError(post(base, "/write", "{\"Set\":{\"key\":7,\"value\":\"v\"}}"), 400, "INVALID_ARGUMENT", "'key'");
      assertError(post(base, "/read", ""), 400, "INVALID_ARGUMENT", "JSON body");
      assertError(post(base, "/write", "{\"Set\":{\"key\":\"big\",\"value\":\"" + "x".repeat(2000) + "\"}}"),
          413, "PAYLOAD_TOO_LARGE", "storage.max-value-bytes");
      assertError(post(base, "/write", "{\"Set\":{\"key\":\"huge\",\"value\":\"" + "x".repeat(40_000) + "\"}}"),
          413, "PAYLOAD_TOO_LARGE", "exceeds");
      assertError(post(base, "/scan", "{\"prefix\":\"a\",\"start\":\"b\"}"), 400, "INVALID_ARGUMENT", "prefix");
      assertError(post(base, "/scan", "{\"continuation\":\"%%%\"}"), 400, "INVALID_ARGUMENT", "continuation");
      assertError(post(base, "/change-membership", "{}"), 400, "INVALID_ARGUMENT", "array");
      assertError(post(base, "/change-membership", "[\"ghost\"]"), 400, "INVALID_ARGUMENT", "not a member");
      assertError(post(base, "/add-learner", "{\"node_id\":9,\"rpc_addr\":\"127.0.0.1:1\",\"api_addr\":\"127.0.0.1:1\"}"),
          503, "UNAVAILABLE", "cannot reach node 9");
      assertError(get(base, "/nope"), 404, "NOT_FOUND", "/nope");
      assertError(get(base, "/write"), 405, "METHOD_NOT_ALLOWED", "POST");
      assertThat(post(base, "/write", "{\"Set\":{\"key\":\"alive\",\"value\":\"yes\"}}").status()).isEqualTo(200);
    });
  }

  @Test
  void anUnjoinedNodeIsAliveButNotReadyAndRefusesKeyValueRequests(@TempDir Path dir) throws Exception {
    try (FerriumNode node = FerriumNode.start(MiniCluster.testConfig("lonely", dir.resolve("n")))) {
      String base = http(node);
      assertThat(get(base, "/livez").status()).isEqualTo(200);
      Reply ready = get(base, "/readyz");
      assertError(ready, 503, "NOT_READY", "not a member");
      assertThat(ready.raw().headers().firstValue("Retry-After")).isPresent();
      Reply write = post(base, "/write", "{\"Set\":{\"key\":\"k\",\"value\":\"v\"}}");
      assertError(write, 503, "FAILED_PRECONDITION", "not a member of a cluster yet");
      assertThat(write.raw().headers().firstValue("Retry-After")).contains("1");
      assertThat(get(base, "/leader").json().get("leader").isNull()).isTrue();
      assertThat(get(base, "/is-leader").json().get("is_leader").asBoolean()).isFalse();
    }
  }

  @Test
  void metricsAreValidPrometheusTextAndCountRequests() throws Exception {
    MiniCluster.runWithNewCluster(1, cluster -> {
      String base = http(cluster.peers().get(0).node());
      double before = putCount(get(base, "/metrics").body());
      cluster.client().put("m", "1");
      cluster.client().put("m", "2");
      post(base, "/write", "{\"Set\":{\"key\":\"m\",\"value\":\"3\"}}");
      // A call is counted once its answer has been sent: the client may read the metrics first.
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(putCount(get(base, "/metrics").body())).isEqualTo(before + 2));
      Reply metrics = get(base, "/metrics");
      assertThat(metrics.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      for (String line : metrics.body().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          assertThat(line).as("Prometheus sample line").matches(SAMPLE);
        }
      }
      assertThat(putCount(metrics.body())).isEqualTo(before + 2);
      assertThat(metrics.body()).contains("ferrium_requests_total{op=\"write\",outcome=\"200\",surface=\"http\"}")
          .contains("ferrium_raft_role{role=\"leader\"} 1.0")
          .contains("ferrium_raft_applied_index").contains("ferrium_rocksdb_estimated_keys")
          .contains("jvm_memory_used_bytes").contains("ferrium_raft_leader_changes_total");
    });
  }

  private static double putCount(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("ferrium_requests_total{op=\"Put\",outcome=\"OK\",surface=\"grpc\"}"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private static void assertError(Reply reply, int status, String code, String message) throws Exception {
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertThat(reply.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(reply.json().get("code").asText()).isEqualTo(code);
    assertThat(reply.json().get("error").asText()).contains(message);
  }
}
