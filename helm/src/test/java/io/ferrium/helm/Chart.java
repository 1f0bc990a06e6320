package io.ferrium.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Renders the operator chart with helm-java (Helm's library, in process, offline). */
final class Chart {
  static final String RELEASE = "ferrium-operator";
  static final String NAMESPACE = "ferrium-system";
  /** Helm's offline default (v1.20) is below the chart's kubeVersion floor; render as for a current cluster. */
  static final String KUBE_VERSION = "1.30.0";

  private Chart() {}

  /** {@code helm template ferrium-operator helm/ferrium-operator -n ferrium-system --kube-version 1.30.0 [-f values]}. */
  static List<JsonNode> render(Path workDir, Map<String, Object> values) {
    return render(workDir, RELEASE, values);
  }

  static List<JsonNode> render(Path workDir, String release, Map<String, Object> values) {
    TemplateCommand template = new Helm(Manifests.CHART).template().withName(release).withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
    if (!values.isEmpty()) {
      try {
        Path file = Files.createTempFile(workDir, "values-", ".yaml");
        Manifests.YAML.writeValue(file.toFile(), values);
        template = template.withValuesFile(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Manifests.parse(template.call());
  }
}
