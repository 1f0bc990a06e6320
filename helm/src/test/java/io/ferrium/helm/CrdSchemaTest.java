package io.ferrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The validator used on the samples catches what the API server would refuse or silently drop. */
class CrdSchemaTest {
  private static CrdSchema schema;

  @BeforeAll
  static void loadCrd() {
    schema = new CrdSchema(Manifests.read(Manifests.CRDS.resolve("ferriumclusters.ferrium.io-v1.yml")).get(0));
  }

  private static List<String> problems(String spec) {
    return schema.problems(Manifests.parse("""
        apiVersion: ferrium.io/v1alpha1
        kind: FerriumCluster
        metadata:
          name: test
          labels: {team: a}
        spec:
        %s""".formatted(spec.indent(2))).get(0));
  }

  @Test
  void acceptsAValidClusterWithQuantitiesAsNumbersOrStrings() {
    assertThat(problems("""
        replicas: 3
        image: ferrium/ferrium-server:0.1.0
        storage: {size: 10Gi, storageClassName: fast}
        resources:
          requests: {cpu: 1, memory: 1Gi}
          limits: {cpu: "1500m", memory: 2Gi}
        config: {raft.election-timeout-min-ms: "1500"}
        pod:
          affinity:
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 100
                  podAffinityTerm:
                    topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app.kubernetes.io/instance: test}}
        service: {type: LoadBalancer}
        """)).isEmpty();
  }

  @Test
  void flagsUnknownFieldsAtEveryLevel() {
    assertThat(problems("replicas: 3\nreplica: 5\n")).singleElement().asString().contains("replica");
    assertThat(problems("replicas: 3\nstorage: {size: 1Gi, class: fast}\n")).singleElement().asString()
        .contains("/spec/storage", "class");
    assertThat(problems("""
        replicas: 3
        pod:
          affinity:
            podAntiAffinity:
              preferredDuringSchedulingIgnoredDuringExecution:
                - weight: 100
                  podAffinityTerm: {topologyKey: zone, labelSelectors: {}}
        """)).singleElement().asString().contains("labelSelectors");
  }

  @Test
  void flagsWrongTypesMissingFieldsAndBrokenConstraints() {
    assertThat(problems("replicas: three\n")).singleElement().asString().contains("/spec/replicas");
    assertThat(problems("replicas: 0\n")).singleElement().asString().contains("/spec/replicas");
    assertThat(problems("image: x\n")).singleElement().asString().contains("replicas");
    assertThat(problems("replicas: 3\nstorage: {size: 10 GB}\n")).singleElement().asString().contains("/spec/storage/size");
    assertThat(problems("replicas: 3\nservice: {type: Ingress}\n")).singleElement().asString().contains("/spec/service/type");
    assertThat(problems("replicas: 3\nresources: {limits: {cpu: [1]}}\n")).isNotEmpty();
    assertThat(problems("replicas: 3\nimage:\n")).as("a null the schema does not allow").isNotEmpty();
  }

  @Test
  void flagsUnknownRootFieldsAndUnservedVersions() {
    JsonNode stray = Manifests.parse("""
        apiVersion: ferrium.io/v1alpha1
        kind: FerriumCluster
        metadata: {name: x}
        spec: {replicas: 3}
        specs: {replicas: 3}
        """).get(0);
    assertThat(schema.problems(stray)).singleElement().asString().contains("specs");
    JsonNode future = Manifests.parse("""
        apiVersion: ferrium.io/v2
        kind: FerriumCluster
        metadata: {name: x}
        spec: {replicas: 3}
        """).get(0);
    assertThat(schema.problems(future)).singleElement().asString().contains("not served");
  }
}
