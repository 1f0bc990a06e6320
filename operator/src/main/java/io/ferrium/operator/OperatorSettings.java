package io.ferrium.operator;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's configuration, from environment variables:
 * <ul>
 *   <li>{@code FERRIUM_OPERATOR_NAMESPACES}: comma-separated namespaces to watch; empty = all;</li>
 *   <li>{@code FERRIUM_OPERATOR_HTTP_PORT}: health ({@code /healthz}, {@code /readyz}) and
 *       {@code /metrics}, default 8080;</li>
 *   <li>{@code FERRIUM_OPERATOR_LEADER_ELECTION}: {@code true} to run several replicas with one
 *       active, coordinated through a Lease;</li>
 *   <li>{@code FERRIUM_OPERATOR_LEASE_NAME} (default ferrium-operator) and
 *       {@code FERRIUM_OPERATOR_LEASE_NAMESPACE} (default: {@code POD_NAMESPACE}, else the
 *       client's namespace); {@code POD_NAME} is this replica's identity in the Lease.</li>
 * </ul>
 * The Kubernetes connection comes from the kubeconfig ({@code KUBECONFIG} or ~/.kube/config) or,
 * inside a pod, from its service account.
 */
public record OperatorSettings(Set<String> namespaces, int httpPort, boolean leaderElection, String leaseName,
    Optional<String> leaseNamespace, Optional<String> identity) {

  public static OperatorSettings fromEnvironment(Map<String, String> env) {
    Set<String> namespaces = Arrays.stream(env.getOrDefault("FERRIUM_OPERATOR_NAMESPACES", "").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(java.util.TreeSet::new));
    return new OperatorSettings(
        namespaces,
        Integer.parseInt(env.getOrDefault("FERRIUM_OPERATOR_HTTP_PORT", "8080")),
        Boolean.parseBoolean(env.getOrDefault("FERRIUM_OPERATOR_LEADER_ELECTION", "false")),
        env.getOrDefault("FERRIUM_OPERATOR_LEASE_NAME", "ferrium-operator"),
        Optional.ofNullable(env.getOrDefault("FERRIUM_OPERATOR_LEASE_NAMESPACE", env.get("POD_NAMESPACE")))
            .filter(s -> !s.isBlank()),
        Optional.ofNullable(env.get("POD_NAME")).filter(s -> !s.isBlank()));
  }
}
