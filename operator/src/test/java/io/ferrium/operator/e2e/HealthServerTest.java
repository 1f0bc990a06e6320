package io.ferrium.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ferrium.operator.HealthServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's own endpoints: health for its probes, Prometheus metrics of reconciliations. */
class HealthServerTest {
  @TempDir
  Path root;

  @Test
  void servesHealthAndReconciliationMetrics() throws Exception {
    try (OperatorHarness harness = new OperatorHarness(root);
        HealthServer server = new HealthServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            harness.operator, harness.registry)) {
      harness.create("m", 1, spec -> { });
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String base = "http://127.0.0.1:" + server.port();

      assertThat(get(http, base + "/healthz").statusCode()).isEqualTo(200);
      assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
        HttpResponse<String> metrics = get(http, base + "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("operator_sdk_reconciliations_started", "operator_sdk_reconciliations_success");
      });
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
