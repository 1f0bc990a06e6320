package io.ferrium.operator.e2e;

import static io.ferrium.operator.e2e.ClusterLifecycleTest.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.StorageSpec;
import io.ferrium.operator.reconciler.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the operator refuses to do: act on an invalid spec, or change membership it cannot fully see. */
class SafetyTest extends OperatorTestBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void anInvalidSpecIsReportedAndNothingIsDeleted() {
    harness.create("inv", 1, spec -> { });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready("inv") && voters(harness.status("inv-0")).size() == 1);

    harness.edit("inv", spec -> spec.setReplicas(0));
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      FerriumCluster cluster = harness.get("inv");
      assertThat(cluster.getStatus().getPhase()).isEqualTo("Invalid");
      Condition degraded = Conditions.find(cluster.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow();
      assertThat(degraded.getStatus()).isEqualTo("True");
      assertThat(degraded.getReason()).isEqualTo("InvalidSpec");
      assertThat(degraded.getMessage()).contains("spec.replicas must be at least 1");
      assertThat(cluster.getStatus().getObservedGeneration()).isEqualTo(cluster.getMetadata().getGeneration());
    });
    assertThat(warnings("inv")).anySatisfy(e -> assertThat(e.getMessage()).contains("spec.replicas"));

    harness.edit("inv", spec -> {
      spec.setReplicas(1);
      spec.setStorage(new StorageSpec());
      spec.getStorage().setSize("ten gigs");
    });
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() ->
        assertThat(Conditions.find(harness.get("inv").getStatus().getConditions(), Conditions.DEGRADED).orElseThrow()
            .getMessage()).contains("spec.storage.size"));
    assertThat(warnings("inv")).anySatisfy(e -> assertThat(e.getMessage()).contains("spec.storage.size"));

    // Nothing was shrunk or deleted: the StatefulSet, its pod and the member are all still there.
    assertThat(harness.statefulSet("inv").getSpec().getReplicas()).isEqualTo(1);
    assertThat(harness.kubelet.node("inv-0")).isPresent();
    assertThat(voters(harness.status("inv-0"))).containsExactly("inv-0");

    harness.edit("inv", spec -> spec.getStorage().setSize("2Gi"));
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> "Running".equals(harness.get("inv").getStatus().getPhase()));
  }

  @Test
  void anInvalidNewClusterGetsNoObjects() {
    harness.create("bad", 3, spec -> spec.setConfig(new java.util.TreeMap<>(java.util.Map.of("cluster.auto-init", "true"))));
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> "Invalid".equals(harness.get("bad").getStatus().getPhase()));
    assertThat(harness.statefulSet("bad")).isNull();
    assertThat(warnings("bad")).anySatisfy(e -> assertThat(e.getMessage()).contains("cluster.auto-init"));
  }

  @Test
  void aMemberTheOperatorCannotReachMakesItDegradedAndBlocksTheScaleDown() {
    harness.create("un", 3, spec -> { });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready("un") && voters(harness.status("un-0")).size() == 3);

    harness.kubelet.block("un-2");
    harness.edit("un", spec -> spec.setReplicas(2));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      FerriumCluster cluster = harness.get("un");
      assertThat(cluster.getStatus().getPhase()).isEqualTo("Degraded");
      Condition degraded = Conditions.find(cluster.getStatus().getConditions(), Conditions.DEGRADED).orElseThrow();
      assertThat(degraded.getStatus()).isEqualTo("True");
      assertThat(degraded.getMessage()).contains("un-2");
      assertThat(cluster.getStatus().getMembers()).filteredOn(m -> m.getId().equals("un-2"))
          .singleElement().satisfies(m -> assertThat(m.getHealthy()).isFalse());
    });
    // Retried (with backoff) but never destructive while un-2 is out of sight.
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(harness.statefulSet("un").getSpec().getReplicas()).isEqualTo(3);
      assertThat(voters(harness.status("un-0"))).containsExactlyInAnyOrder("un-0", "un-1", "un-2");
    });
    assertThat(warnings("un")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Degraded"));

    harness.kubelet.unblock("un-2");
    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(voters(harness.status("un-0"))).containsExactlyInAnyOrder("un-0", "un-1");
      assertThat(harness.statefulSet("un").getSpec().getReplicas()).isEqualTo(2);
      assertThat(harness.get("un").getStatus().getPhase()).isEqualTo("Running");
    });
  }

  private boolean ready(String name) {
    FerriumCluster cluster = harness.get(name);
    return cluster.getStatus() != null && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.READY);
  }

  private List<Event> warnings(String name) {
    return harness.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
        .collect(Collectors.toList());
  }
}
