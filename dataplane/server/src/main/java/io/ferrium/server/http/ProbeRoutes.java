package io.ferrium.server.http;

import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.NodeState;
import io.ferrium.server.metrics.NodeMetrics;
import io.ferrium.server.node.ClusterOperations;
import java.util.LinkedHashMap;
import java.util.Map;

/** Health, probes and metrics: {@code /health}, {@code /livez}, {@code /readyz}, {@code /metrics}. */
final class ProbeRoutes {
  /** Most entries a ready node may have committed but not applied yet. */
  static final long READY_MAX_APPLY_LAG = 100;

  private final ClusterOperations cluster;
  private final NodeMetrics metrics;
  private final JsonWriter json;

  ProbeRoutes(ClusterOperations cluster, NodeMetrics metrics, JsonWriter json) {
    this.cluster = cluster;
    this.metrics = metrics;
    this.json = json;
  }

  void register(RouteTable routes) {
    routes.get("/health", "health", x -> HttpResult.json(200, json.write(Map.of(
        "status", "healthy", "service", "ferrium", "version", Version.VALUE))));
    routes.get("/livez", "livez", x -> HttpResult.json(200, json.write(Map.of("status", "alive"))));
    routes.get("/readyz", "readyz", x -> readyz());
    routes.get("/metrics", "metrics", x -> new HttpResult(200, "text/plain; version=0.0.4; charset=utf-8",
        metrics.scrape(), Map.of()));
  }

  /** Ready: a member of a cluster, with a known leader, and caught up with what it knows is committed. */
  private HttpResult readyz() {
    GetClusterStatusResponse status = cluster.status(true);
    String reason = null;
    if (status.getState() != NodeState.MEMBER) {
      reason = "not a member of a cluster yet";
    } else if (status.getLeaderId().isEmpty()) {
      reason = "no leader is known";
    } else if (status.getCommitIndex() - status.getAppliedIndex() > READY_MAX_APPLY_LAG) {
      reason = "catching up: applied " + status.getAppliedIndex() + " of " + status.getCommitIndex();
    }
    if (reason != null) {
      return HttpErrors.body(503, "NOT_READY", reason, json, Map.of("Retry-After", "1"));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ready");
    body.put("leader", status.getLeaderId());
    body.put("applied_index", status.getAppliedIndex());
    return HttpResult.json(200, json.write(body));
  }
}
