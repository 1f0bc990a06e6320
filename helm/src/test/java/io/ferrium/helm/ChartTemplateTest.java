package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the chart renders, object by object, with its defaults and with every option changed. */
class ChartTemplateTest {
  @TempDir
  Path work;

  @Test
  void defaultsRenderAnOperatorWatchingAllNamespacesWithLeaderElection() {
    List<JsonNode> objects = Chart.render(work, Map.of());

    assertThat(objects).extracting(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "ServiceAccount/ferrium-operator",
            "ClusterRole/ferrium-operator",
            "ClusterRoleBinding/ferrium-operator",
            "Role/ferrium-operator-leader-election",
            "RoleBinding/ferrium-operator-leader-election",
            "Service/ferrium-operator-metrics",
            "Deployment/ferrium-operator");
    for (JsonNode object : objects) {
      JsonNode labels = object.path("metadata").path("labels");
      assertThat(text(labels, "app.kubernetes.io/name")).as("name label of %s", object.path("kind")).isEqualTo("ferrium-operator");
      assertThat(text(labels, "app.kubernetes.io/instance")).isEqualTo(Chart.RELEASE);
      assertThat(text(labels, "app.kubernetes.io/managed-by")).isEqualTo("Helm");
      assertThat(text(labels, "app.kubernetes.io/version")).isEqualTo("0.1.0");
      assertThat(text(labels, "helm.sh/chart")).isEqualTo("ferrium-operator-0.1.0");
      if (!object.path("kind").asText().startsWith("Cluster")) {
        assertThat(object.path("metadata").path("namespace").asText()).as("namespace of %s", object.path("kind"))
            .isEqualTo(Chart.NAMESPACE);
      }
    }

    JsonNode deployment = Manifests.get(objects, "Deployment", "ferrium-operator");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("ferrium-operator");
    assertThat(deployment.at("/spec/selector/matchLabels")).isEqualTo(Manifests.JSON.valueToTree(Map.of(
        "app.kubernetes.io/name", "ferrium-operator", "app.kubernetes.io/instance", Chart.RELEASE)));
    deployment.at("/spec/selector/matchLabels").fields().forEachRemaining(label ->
        assertThat(deployment.at("/spec/template/metadata/labels").path(label.getKey())).isEqualTo(label.getValue()));

    JsonNode podSecurity = pod.path("securityContext");
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSecurity.path("runAsUser").asInt()).isPositive();
    assertThat(podSecurity.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");

    JsonNode container = single(pod.path("containers"));
    assertThat(container.path("image").asText()).isEqualTo("ferrium/ferrium-operator:0.1.0");
    JsonNode security = container.path("securityContext");
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.at("/capabilities/drop")).extracting(JsonNode::asText).containsExactly("ALL");
    // A read-only root needs a writable /tmp: Netty (gRPC) unpacks its native library there.
    JsonNode tmpMount = single(container.path("volumeMounts"));
    assertThat(tmpMount.path("mountPath").asText()).isEqualTo("/tmp");
    JsonNode tmpVolume = single(pod.path("volumes"));
    assertThat(tmpVolume.path("name").asText()).isEqualTo(tmpMount.path("name").asText());
    assertThat(tmpVolume.has("emptyDir")).isTrue();

    Map<String, String> env = env(container);
    assertThat(env).containsEntry("FERRIUM_OPERATOR_NAMESPACES", "")
        .containsEntry("FERRIUM_OPERATOR_LEADER_ELECTION", "true")
        .containsEntry("FERRIUM_OPERATOR_LEASE_NAME", "ferrium-operator")
        .containsEntry("FERRIUM_OPERATOR_HTTP_PORT", "8080")
        .containsEntry("FERRIUM_OPERATOR_LOG_LEVEL", "INFO")
        .containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError")
        .containsEntry("POD_NAME", "fieldRef:metadata.name")
        .containsEntry("POD_NAMESPACE", "fieldRef:metadata.namespace");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/readyz");
    assertThat(single(container.path("ports")).path("containerPort").asInt()).isEqualTo(8080);

    JsonNode service = Manifests.get(objects, "Service", "ferrium-operator-metrics");
    assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
    assertThat(single(service.at("/spec/ports")).path("targetPort").asText()).isEqualTo("http");

    JsonNode binding = Manifests.get(objects, "ClusterRoleBinding", "ferrium-operator");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo("ferrium-operator");
    assertThat(single(binding.path("subjects")).path("name").asText()).isEqualTo("ferrium-operator");
    assertThat(single(binding.path("subjects")).path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
  }

  @Test
  void everyOptionChanged() {
    Map<String, Object> values = new HashMap<>();
    values.put("fullnameOverride", "fo");
    values.put("image", Map.of("repository", "registry.example/ferrium-operator", "tag", "1.2.3", "pullPolicy", "Always"));
    values.put("imagePullSecrets", List.of(Map.of("name", "pull")));
    values.put("replicaCount", 2);
    values.put("watchNamespaces", List.of("team-a", "team-b", "team-a"));
    values.put("leaderElection", Map.of("enabled", false));
    values.put("logLevel", "DEBUG");
    values.put("javaOpts", "-Xmx300m");
    values.put("serviceAccount", Map.of("create", true, "name", "custom-sa", "annotations", Map.of("a", "b")));
    values.put("metrics", Map.of("port", 9090, "service", Map.of("port", 9100),
        "serviceMonitor", Map.of("enabled", true, "labels", Map.of("release", "prometheus"))));
    values.put("podSecurityContext", Map.of("runAsNonRoot", true, "runAsUser", 20000));
    values.put("tolerations", List.of(Map.of("key", "dedicated", "operator", "Exists")));
    values.put("nodeSelector", Map.of("kubernetes.io/os", "linux"));
    values.put("podAnnotations", Map.of("example.com/scrape", "yes"));

    List<JsonNode> objects = Chart.render(work, values);

    assertThat(objects).extracting(o -> o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText()
            + "/" + o.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "ServiceAccount/ferrium-system/custom-sa",
            "Role/team-a/fo", "RoleBinding/team-a/fo",
            "Role/team-b/fo", "RoleBinding/team-b/fo",
            "Service/ferrium-system/fo-metrics",
            "ServiceMonitor/ferrium-system/fo",
            "Deployment/ferrium-system/fo");
    for (JsonNode binding : Manifests.ofKind(objects, "RoleBinding")) {
      assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("Role");
      assertThat(single(binding.path("subjects")).path("name").asText()).isEqualTo("custom-sa");
      assertThat(single(binding.path("subjects")).path("namespace").asText()).isEqualTo(Chart.NAMESPACE);
    }
    assertThat(Manifests.get(objects, "ServiceAccount", "custom-sa").at("/metadata/annotations/a").asText()).isEqualTo("b");

    JsonNode deployment = Manifests.get(objects, "Deployment", "fo");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode pod = deployment.at("/spec/template/spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("custom-sa");
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(20000);
    assertThat(single(pod.path("imagePullSecrets")).path("name").asText()).isEqualTo("pull");
    assertThat(single(pod.path("tolerations")).path("key").asText()).isEqualTo("dedicated");
    assertThat(text(pod.path("nodeSelector"), "kubernetes.io/os")).isEqualTo("linux");
    assertThat(text(deployment.at("/spec/template/metadata/annotations"), "example.com/scrape")).isEqualTo("yes");
    JsonNode container = single(pod.path("containers"));
    assertThat(container.path("image").asText()).isEqualTo("registry.example/ferrium-operator:1.2.3");
    assertThat(container.path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(text(deployment.at("/metadata/labels"), "app.kubernetes.io/version")).isEqualTo("1.2.3");
    assertThat(env(container)).containsEntry("FERRIUM_OPERATOR_NAMESPACES", "team-a,team-b")
        .containsEntry("FERRIUM_OPERATOR_LEADER_ELECTION", "false")
        .containsEntry("FERRIUM_OPERATOR_LOG_LEVEL", "DEBUG")
        .containsEntry("FERRIUM_OPERATOR_HTTP_PORT", "9090")
        .containsEntry("JAVA_TOOL_OPTIONS", "-Xmx300m");
    assertThat(single(container.path("ports")).path("containerPort").asInt()).isEqualTo(9090);

    JsonNode service = Manifests.get(objects, "Service", "fo-metrics");
    assertThat(single(service.at("/spec/ports")).path("port").asInt()).isEqualTo(9100);
    JsonNode monitor = Manifests.get(objects, "ServiceMonitor", "fo");
    assertThat(text(monitor.at("/metadata/labels"), "release")).isEqualTo("prometheus");
    assertThat(monitor.at("/spec/selector/matchLabels")).isEqualTo(service.at("/spec/selector"));
    assertThat(single(monitor.at("/spec/endpoints")).path("port").asText())
        .isEqualTo(single(service.at("/spec/ports")).path("name").asText());
  }

  @Test
  void withoutRbacAndServiceAccountOnlyTheDeploymentAndServiceRemain() {
    List<JsonNode> objects = Chart.render(work, Map.of(
        "rbac", Map.of("create", false),
        "serviceAccount", Map.of("create", false, "name", "existing"),
        "metrics", Map.of("service", Map.of("enabled", false))));
    assertThat(objects).extracting(o -> o.path("kind").asText()).containsExactly("Deployment");
    assertThat(objects.get(0).at("/spec/template/spec/serviceAccountName").asText()).isEqualTo("existing");
  }

  @Test
  void refusesAServiceMonitorWithoutItsServiceAndAMissingServiceAccountName() {
    assertThatThrownBy(() -> Chart.render(work, Map.of("metrics", Map.of(
        "service", Map.of("enabled", false), "serviceMonitor", Map.of("enabled", true)))))
        .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
    assertThatThrownBy(() -> Chart.render(work, Map.of("serviceAccount", Map.of("create", false))))
        .hasMessageContaining("serviceAccount.name is required");
  }

  @Test
  void refusesValuesOutsideValuesSchema() {
    assertThatThrownBy(() -> Chart.render(work, Map.of("watchNamespace", List.of("team-a"))))
        .hasMessageContaining("watchNamespace");
    assertThatThrownBy(() -> Chart.render(work, Map.of("logLevel", "VERBOSE"))).hasMessageContaining("logLevel");
    assertThatThrownBy(() -> Chart.render(work, Map.of("watchNamespaces", List.of("Team_A"))))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> Chart.render(work, Map.of("metrics", Map.of("serviceMonitor", Map.of("enable", true)))))
        .hasMessageContaining("enable");
  }

  @Test
  void aReleaseNamedOtherwisePrefixesTheChartName() {
    List<JsonNode> objects = Chart.render(work, "kv", Map.of());
    assertThat(Manifests.find(objects, "Deployment", "kv-ferrium-operator")).isPresent();
    assertThat(Manifests.find(objects, "ClusterRole", "kv-ferrium-operator")).isPresent();
  }

  private static JsonNode single(JsonNode array) {
    assertThat(array.isArray() && array.size() == 1).as("one element in %s", array).isTrue();
    return array.get(0);
  }

  private static String text(JsonNode map, String key) {
    return map.path(key).asText(null);
  }

  /** name -> value, or fieldRef:PATH for values from the pod. */
  private static Map<String, String> env(JsonNode container) {
    Map<String, String> env = new HashMap<>();
    StreamSupport.stream(container.path("env").spliterator(), false).forEach(e -> env.put(e.path("name").asText(),
        e.has("value") ? e.path("value").asText() : "fieldRef:" + e.at("/valueFrom/fieldRef/fieldPath").asText()));
    return env;
  }
}
