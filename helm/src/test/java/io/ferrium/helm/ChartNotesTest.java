package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOTES.txt as `helm install` prints it (a client-only dry run: no cluster). */
class ChartNotesTest {
  @TempDir
  Path work;

  private String install(Map<String, Object> values) throws Exception {
    InstallCommand install = new Helm(Manifests.CHART).install().withName(Chart.RELEASE).withNamespace(Chart.NAMESPACE)
        .withKubeVersion(Chart.KUBE_VERSION).clientOnly().dryRun();
    if (!values.isEmpty()) {
      Path file = Files.createTempFile(work, "values-", ".yaml");
      Manifests.YAML.writeValue(file.toFile(), values);
      install = install.withValuesFile(file);
    }
    return install.call().getOutput();
  }

  @Test
  void defaultNotesTellHowToCheckTheOperatorAndCreateACluster() throws Exception {
    String notes = install(Map.of());
    assertThat(notes).contains("installed in namespace ferrium-system, watching every namespace.",
        "kubectl -n ferrium-system rollout status deployment/ferrium-operator",
        "kubectl apply -f samples/ferriumcluster-minimal.yaml",
        "kubectl get fc -w",
        "kubectl scale fc/example --replicas=5",
        "kubectl -n ferrium-system port-forward svc/ferrium-operator-metrics 8080");
  }

  @Test
  void notesFollowTheValues() throws Exception {
    String notes = install(Map.of("watchNamespaces", List.of("team-a", "team-b"), "fullnameOverride", "fo",
        "metrics", Map.of("service", Map.of("enabled", false))));
    assertThat(notes).contains("watching: team-a, team-b.", "rollout status deployment/fo")
        .doesNotContain("port-forward");
  }
}
