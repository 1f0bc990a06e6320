package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart grants exactly what the operator needs: the rules of rbac-rules.yaml (the operator's own
 * list, which its end-to-end tests check every API request against), no more, no less.
 */
class ChartRbacTest {
  @TempDir
  Path work;

  private static Set<Permission> operatorNeeds() throws Exception {
    List<JsonNode> documents = Manifests.read(Manifests.RBAC_RULES);
    assertThat(documents).as("%s holds one list of rules", Manifests.RBAC_RULES).hasSize(1);
    assertThat(documents.get(0).isArray()).as("%s holds one list of rules", Manifests.RBAC_RULES).isTrue();
    return Permission.of(documents.get(0));
  }

  private static Set<Permission> granted(List<JsonNode> objects, String kind) {
    Set<Permission> permissions = new TreeSet<>();
    Manifests.ofKind(objects, kind).forEach(role -> permissions.addAll(Permission.of(role.path("rules"))));
    return permissions;
  }

  @Test
  void watchingAllNamespacesGrantsTheOperatorsRulesClusterWideAndTheLeaseInItsNamespace() throws Exception {
    List<JsonNode> objects = Chart.render(work, Map.of());
    Set<Permission> needed = operatorNeeds();
    Set<Permission> clusterWide = granted(objects, "ClusterRole");
    Set<Permission> inReleaseNamespace = granted(objects, "Role");

    Set<Permission> all = new TreeSet<>(clusterWide);
    all.addAll(inReleaseNamespace);
    assertThat(all).as("chart RBAC vs %s", Manifests.RBAC_RULES).containsExactlyInAnyOrderElementsOf(needed);
    // Least privilege: leases only where the Lease lives.
    assertThat(inReleaseNamespace).allMatch(p -> p.resource().equals("leases")).isNotEmpty();
    assertThat(clusterWide).noneMatch(p -> p.resource().equals("leases"));
    assertThat(Manifests.ofKind(objects, "Role")).allMatch(r -> r.at("/metadata/namespace").asText().equals(Chart.NAMESPACE));
  }

  @Test
  void watchingNamespacesGrantsTheSameRulesInEachOfThemAndNothingClusterWide() throws Exception {
    List<JsonNode> objects = Chart.render(work, Map.of("watchNamespaces", List.of("team-a", "team-b")));
    Set<Permission> needed = operatorNeeds();
    assertThat(Manifests.ofKind(objects, "ClusterRole")).isEmpty();
    assertThat(Manifests.ofKind(objects, "ClusterRoleBinding")).isEmpty();

    Set<Permission> lease = granted(objects.stream()
        .filter(o -> o.at("/metadata/name").asText().endsWith("-leader-election")).toList(), "Role");
    for (String namespace : List.of("team-a", "team-b")) {
      List<JsonNode> roles = Manifests.ofKind(objects, "Role").stream()
          .filter(r -> r.at("/metadata/namespace").asText().equals(namespace)).toList();
      assertThat(roles).as("Roles in %s", namespace).hasSize(1);
      Set<Permission> inNamespace = new TreeSet<>(Permission.of(roles.get(0).path("rules")));
      inNamespace.addAll(lease);
      assertThat(inNamespace).as("Role in %s plus the Lease vs %s", namespace, Manifests.RBAC_RULES)
          .containsExactlyInAnyOrderElementsOf(needed);
      JsonNode binding = Manifests.ofKind(objects, "RoleBinding").stream()
          .filter(b -> b.at("/metadata/namespace").asText().equals(namespace)).findFirst().orElseThrow();
      assertThat(binding.at("/roleRef/name").asText()).isEqualTo(roles.get(0).at("/metadata/name").asText());
    }
  }

  @Test
  void withoutLeaderElectionNoLeaseRights() throws Exception {
    List<JsonNode> objects = Chart.render(work, Map.of("leaderElection", Map.of("enabled", false)));
    assertThat(Manifests.ofKind(objects, "Role")).isEmpty();
    Set<Permission> expected = new TreeSet<>(operatorNeeds());
    expected.removeIf(p -> p.resource().equals("leases"));
    assertThat(granted(objects, "ClusterRole")).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theOperatorsRulesCoverEveryKindItOwnsWatchesAndIssues() throws Exception {
    // The kinds the operator's code reads or writes; a rule lost from rbac-rules.yaml fails here too.
    assertThat(operatorNeeds()).contains(
        new Permission("ferrium.io", "ferriumclusters", "watch"),
        new Permission("ferrium.io", "ferriumclusters/status", "patch"),
        new Permission("apps", "statefulsets", "create"),
        new Permission("", "services", "update"),
        new Permission("", "configmaps", "create"),
        new Permission("policy", "poddisruptionbudgets", "create"),
        new Permission("", "events", "create"),
        new Permission("coordination.k8s.io", "leases", "update"),
        new Permission("cert-manager.io", "certificates", "create"),
        new Permission("cert-manager.io", "issuers", "create"),
        new Permission("cert-manager.io", "certificates/status", "patch"),
        new Permission("", "secrets", "get"));
  }
}
