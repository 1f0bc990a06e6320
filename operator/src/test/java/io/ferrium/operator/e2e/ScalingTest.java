package io.ferrium.operator.e2e;

import static io.ferrium.operator.e2e.ClusterLifecycleTest.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ferrium.client.FerriumClient;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.reconciler.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Scaling up through the scale subresource, and down while a client keeps writing. */
class ScalingTest extends OperatorTestBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(180);

  @Test
  void scalesUpToFiveVotersAndBackToThreeWithoutLosingAnAcknowledgedWrite() throws Exception {
    harness.create("sc", 3, spec -> { });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> ready("sc") && voters(harness.status("sc-0")).size() == 3);
    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress("sc-0"))) {
      client.put("before-scale", "3");
    }

    // kubectl scale fc/sc --replicas=5: a merge patch of the scale subresource
    harness.client.resources(FerriumCluster.class).inNamespace(OperatorHarness.NAMESPACE).withName("sc")
        .subresource("scale").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":5}}");
    assertThat(harness.get("sc").getSpec().getReplicas()).isEqualTo(5);

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(voters(harness.status("sc-0"))).containsExactlyInAnyOrder("sc-0", "sc-1", "sc-2", "sc-3", "sc-4");
      assertThat(harness.get("sc").getStatus().getReplicas()).isEqualTo(5);
      assertThat(ready("sc")).isTrue();
    });
    assertThat(harness.statefulSet("sc").getSpec().getReplicas()).isEqualTo(5);
    try (FerriumClient onNewMember = FerriumClient.connect(harness.kubelet.apiAddress("sc-4"))) {
      assertThat(onNewMember.get("before-scale")).contains("3");
    }

    // Put the leadership on a pod that is about to go, then shrink while writing.
    harness.management.transferLeadership(harness.kubelet.apiAddress("sc-0"), "sc-4");
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> harness.status("sc-0").getLeaderId().equals("sc-4"));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean writing = new AtomicBoolean(true);
    Thread writer = new Thread(() -> {
      try (FerriumClient client = FerriumClient.builder()
          .endpoints(List.of(harness.kubelet.apiAddress("sc-0"), harness.kubelet.apiAddress("sc-1"),
              harness.kubelet.apiAddress("sc-2")))
          .timeout(Duration.ofSeconds(20)).build()) {
        for (int i = 0; writing.get(); i++) {
          try {
            client.put("w-" + i, "v-" + i);
            acknowledged.add("w-" + i);
          } catch (RuntimeException e) {
            // not acknowledged: may or may not have been applied, and is not checked
          }
        }
      }
    }, "writer");
    writer.start();
    await().atMost(TIMEOUT).until(() -> acknowledged.size() >= 20);

    harness.edit("sc", spec -> spec.setReplicas(3));

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      assertThat(voters(harness.status("sc-0"))).containsExactlyInAnyOrder("sc-0", "sc-1", "sc-2");
      assertThat(harness.statefulSet("sc").getSpec().getReplicas()).isEqualTo(3);
      assertThat(harness.get("sc").getStatus().getPhase()).isEqualTo("Running");
    });
    int before = acknowledged.size();
    await().atMost(TIMEOUT).until(() -> acknowledged.size() >= before + 20);
    writing.set(false);
    writer.join(60_000);

    await().atMost(TIMEOUT).until(() -> harness.kubelet.node("sc-3").isEmpty() && harness.kubelet.node("sc-4").isEmpty());
    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress("sc-1"))) {
      for (String key : acknowledged) {
        assertThat(client.get(key)).as(key).contains("v-" + key.substring(2));
      }
    }
    List<String> reasons = events("sc").stream().map(Event::getReason).collect(Collectors.toList());
    assertThat(reasons).contains("TransferLeadership", "Remove", "Shrink");
    assertThat(events("sc")).filteredOn(e -> e.getReason().equals("TransferLeadership"))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("from sc-4"));
  }

  private boolean ready(String name) {
    FerriumCluster cluster = harness.get(name);
    return cluster.getStatus() != null && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.READY);
  }

  private List<Event> events(String name) {
    return harness.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName())).collect(Collectors.toList());
  }
}
