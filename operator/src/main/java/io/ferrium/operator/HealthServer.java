package io.ferrium.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code /healthz} (the process and its informers work), {@code /readyz} (started; with leader
 * election a standby replica is ready too) and {@code /metrics} (Prometheus text).
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(InetSocketAddress address, Operator operator, PrometheusMeterRegistry registry) throws IOException {
    server = HttpServer.create(address, 0);
    server.createContext("/healthz", exchange -> {
      boolean healthy = !operator.getRuntimeInfo().isStarted() || operator.getRuntimeInfo().allEventSourcesAreHealthy();
      send(exchange, healthy ? 200 : 503, healthy ? "ok\n" : "unhealthy event sources: "
          + operator.getRuntimeInfo().unhealthyEventSources().keySet() + "\n", "text/plain");
    });
    server.createContext("/readyz", exchange -> {
      boolean started = operator.getRuntimeInfo().isStarted();
      send(exchange, started ? 200 : 503, started ? "ok\n" : "starting\n", "text/plain");
    });
    server.createContext("/metrics", exchange ->
        send(exchange, 200, registry.scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange exchange, int code, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
