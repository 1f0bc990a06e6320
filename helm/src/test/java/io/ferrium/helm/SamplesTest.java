package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.reconciler.SpecValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in samples/ (all files, all documents) is a Kubernetes object, and every
 * FerriumCluster among them is valid for the CRD in crds/ (no unknown or misspelled field, no
 * wrong type) and accepted by the operator's SpecValidator: a sample that drifted fails here.
 */
class SamplesTest {

  private static Map<String, CrdSchema> crdsByKind() {
    Map<String, CrdSchema> crds = new TreeMap<>();
    for (Path file : Manifests.yamlFiles(Manifests.CRDS)) {
      for (JsonNode crd : Manifests.read(file)) {
        CrdSchema schema = new CrdSchema(crd);
        crds.put(crd.at("/spec/group").asText() + "/" + schema.kind(), schema);
      }
    }
    return crds;
  }

  @Test
  void everySampleIsValidForTheCrd() {
    Map<String, CrdSchema> crds = crdsByKind();
    List<Path> files = Manifests.yamlFiles(Manifests.SAMPLES);
    assertThat(files).isNotEmpty();
    List<String> problems = new ArrayList<>();
    int clusters = 0;
    for (Path file : files) {
      List<JsonNode> documents = Manifests.read(file);
      assertThat(documents).as("documents in %s", file).isNotEmpty();
      for (JsonNode object : documents) {
        String where = Manifests.REPO.relativize(file) + " " + object.path("kind").asText() + "/"
            + object.at("/metadata/name").asText();
        assertThat(object.path("apiVersion").asText()).as("apiVersion of %s", where).isNotBlank();
        assertThat(object.path("kind").asText()).as("kind of %s", where).isNotBlank();
        assertThat(object.at("/metadata/name").asText()).as("metadata.name of %s", where).isNotBlank();
        String group = object.path("apiVersion").asText().replaceFirst("/[^/]*$", "");
        CrdSchema crd = crds.get(group + "/" + object.path("kind").asText());
        if (crd != null) {
          clusters++;
          crd.problems(object).forEach(p -> problems.add(where + ": " + p));
        }
      }
    }
    assertThat(problems).as("samples that do not fit crds/").isEmpty();
    assertThat(clusters).as("FerriumClusters among the samples").isGreaterThanOrEqualTo(2);
  }

  @Test
  void everyFerriumClusterIsAcceptedByTheOperator() {
    int clusters = 0;
    for (Path file : Manifests.yamlFiles(Manifests.SAMPLES)) {
      for (JsonNode object : Manifests.ofKind(Manifests.read(file), "FerriumCluster")) {
        FerriumCluster cluster = Serialization.unmarshal(object.toString(), FerriumCluster.class);
        assertThat(SpecValidator.problems(cluster.getSpec()))
            .as("operator's objections to %s %s", Manifests.REPO.relativize(file), cluster.getMetadata().getName())
            .isEmpty();
        clusters++;
      }
    }
    assertThat(clusters).isGreaterThanOrEqualTo(2);
  }

  @Test
  void theMinimalSampleHasThreeVotersAndTheProductionSampleFive() {
    JsonNode minimal = Manifests.get(Manifests.read(Manifests.SAMPLES.resolve("ferriumcluster-minimal.yaml")),
        "FerriumCluster", "example");
    assertThat(minimal.at("/spec/replicas").asInt()).isEqualTo(3);

    JsonNode production = Manifests.ofKind(Manifests.read(Manifests.SAMPLES.resolve("ferriumcluster-production.yaml")),
        "FerriumCluster").get(0);
    assertThat(production.at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(production.at("/spec/pod/affinity/podAntiAffinity").isMissingNode()).isFalse();
    assertThat(production.at("/spec/pod/topologySpreadConstraints")).isNotEmpty();
    assertThat(production.at("/spec/resources/requests").isMissingNode()).isFalse();
    assertThat(production.at("/spec/storage/storageClassName").asText()).isNotBlank();
    // Anti-affinity and spreading only work when they select this cluster's own pods.
    String name = production.at("/metadata/name").asText();
    production.at("/spec/pod/topologySpreadConstraints").forEach(c ->
        assertThat(c.at("/labelSelector/matchLabels/app.kubernetes.io~1instance").asText()).isEqualTo(name));
    production.at("/spec/pod/affinity/podAntiAffinity").findValues("labelSelector").forEach(s ->
        assertThat(s.at("/matchLabels/app.kubernetes.io~1instance").asText()).isEqualTo(name));
  }
}
