package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart ships the CRDs of crds/ (generated from the operator's classes) unchanged. */
class ChartCrdsTest {
  private static final String REFRESH = "cp crds/*.yml helm/ferrium-operator/crds/";

  @Test
  void chartCrdsAreTheGeneratedOnes() throws Exception {
    Path chartCrds = Manifests.CHART.resolve("crds");
    List<String> generated = Manifests.yamlFiles(Manifests.CRDS).stream().map(p -> p.getFileName().toString()).toList();
    List<String> shipped = Manifests.yamlFiles(chartCrds).stream().map(p -> p.getFileName().toString()).toList();
    assertThat(generated).isNotEmpty();
    assertThat(shipped).as("helm/ferrium-operator/crds/ differs from crds/; refresh it: %s", REFRESH)
        .containsExactlyElementsOf(generated);
    for (String file : generated) {
      assertThat(Files.readAllBytes(chartCrds.resolve(file)))
          .as("helm/ferrium-operator/crds/%s differs from crds/%s; refresh it: %s", file, file, REFRESH)
          .isEqualTo(Files.readAllBytes(Manifests.CRDS.resolve(file)));
    }
  }
}
