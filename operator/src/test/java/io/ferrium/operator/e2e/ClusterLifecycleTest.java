package io.ferrium.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.client.FerriumClient;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.operator.reconciler.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Creating a cluster, using it, losing a pod's data, and deleting it. */
class ClusterLifecycleTest extends OperatorTestBase {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void threeReplicasFormAClusterOfThreeVotersThatServesReadsAndWrites() {
    FerriumCluster created = harness.create("kv", 3, spec -> { });

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      FerriumCluster cluster = harness.get("kv");
      assertThat(cluster.getStatus()).isNotNull();
      assertThat(Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.READY)).isTrue();
      assertThat(cluster.getStatus().getPhase()).isEqualTo("Running");
      assertThat(cluster.getStatus().getReplicas()).isEqualTo(3);
      assertThat(cluster.getStatus().getLeader()).startsWith("kv-");
      assertThat(cluster.getStatus().getMembers()).hasSize(3);
    });
    GetClusterStatusResponse status = harness.status("kv-0");
    assertThat(status.getMembersList()).allMatch(MemberStatus::getVoter)
        .extracting(m -> m.getMember().getId()).containsExactlyInAnyOrder("kv-0", "kv-1", "kv-2");
    assertThat(harness.get("kv").getStatus().getSelector()).isEqualTo(FerriumResources.selector("kv"));
    assertThat(harness.get("kv").getStatus().getObservedGeneration()).isEqualTo(created.getMetadata().getGeneration());

    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress("kv-0"),
        harness.kubelet.apiAddress("kv-1"), harness.kubelet.apiAddress("kv-2"))) {
      client.put("greeting", "hello");
      assertThat(client.get("greeting")).contains("hello");
    }
    try (FerriumClient onFollower = FerriumClient.connect(harness.kubelet.apiAddress("kv-2"))) {
      assertThat(onFollower.get("greeting")).contains("hello");
    }
    assertThat(harness.registry.scrape()).contains("operator_sdk_reconciliations_started");
  }

  @Test
  void everyOwnedObjectPointsAtTheClusterSoDeletingItCollectsThem() {
    FerriumCluster created = harness.create("owned", 1, spec -> { });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> harness.get("owned").getStatus() != null
        && Conditions.isTrue(harness.get("owned").getStatus().getConditions(), Conditions.READY));

    List<HasMetadata> owned = List.of(
        harness.client.apps().statefulSets().inNamespace(OperatorHarness.NAMESPACE).withName("owned").get(),
        harness.client.services().inNamespace(OperatorHarness.NAMESPACE).withName("owned").get(),
        harness.client.services().inNamespace(OperatorHarness.NAMESPACE).withName("owned-peers").get(),
        harness.client.configMaps().inNamespace(OperatorHarness.NAMESPACE).withName("owned-config").get(),
        harness.client.policy().v1().podDisruptionBudget().inNamespace(OperatorHarness.NAMESPACE).withName("owned").get());
    assertThat(owned).doesNotContainNull().allSatisfy(object -> {
      List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
      assertThat(refs).hasSize(1);
      assertThat(refs.get(0).getUid()).isEqualTo(created.getMetadata().getUid());
      assertThat(refs.get(0).getKind()).isEqualTo("FerriumCluster");
      assertThat(refs.get(0).getController()).isTrue();
    });

    // The mock has no garbage collector: do its work for the objects that point at the cluster.
    harness.client.resource(created).delete();
    for (HasMetadata object : owned) {
      harness.client.resource(object).delete();
    }
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> harness.kubelet.node("owned-0").isEmpty());
    assertThat(harness.get("owned")).isNull();
    assertThat(harness.statefulSet("owned")).isNull();
  }

  @Test
  void aPodWhoseDataWasWipedIsRemovedAndRejoinsAsANewMember() throws Exception {
    harness.create("wipe", 3, spec -> { });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> voters(harness.status("wipe-0")).size() == 3
        && Conditions.isTrue(harness.get("wipe").getStatus().getConditions(), Conditions.READY));
    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress("wipe-0"))) {
      client.put("before", "wipe");
    }
    String victim = harness.get("wipe").getStatus().getLeader().equals("wipe-2") ? "wipe-1" : "wipe-2";
    String other = victim.equals("wipe-1") ? "wipe-2" : "wipe-1";

    harness.kubelet.restart(victim, true);

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      GetClusterStatusResponse status = harness.status(victim);
      assertThat(voters(status)).containsExactlyInAnyOrder("wipe-0", "wipe-1", "wipe-2");
      assertThat(status.getAppliedIndex()).isPositive();
    });
    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress(victim))) {
      assertThat(client.get("before")).contains("wipe");
    }
    assertThat(harness.status(other).getClusterId()).isEqualTo(harness.status(victim).getClusterId());
  }

  @Test
  void aDeletedPodComesBackWithItsDataAndStaysAMember() throws Exception {
    harness.create("back", 3, spec -> { });
    await().atMost(TIMEOUT).ignoreExceptions().until(() -> voters(harness.status("back-0")).size() == 3
        && Conditions.isTrue(harness.get("back").getStatus().getConditions(), Conditions.READY));
    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress("back-0"))) {
      client.put("kept", "yes");
    }
    String clusterId = harness.status("back-0").getClusterId();

    harness.kubelet.restart("back-1", false);

    await().atMost(TIMEOUT).ignoreExceptions().untilAsserted(() -> {
      GetClusterStatusResponse status = harness.status("back-1");
      assertThat(status.getClusterId()).isEqualTo(clusterId);
      assertThat(voters(status)).containsExactlyInAnyOrder("back-0", "back-1", "back-2");
      assertThat(harness.get("back").getStatus().getPhase()).isEqualTo("Running");
    });
    try (FerriumClient client = FerriumClient.connect(harness.kubelet.apiAddress("back-1"))) {
      assertThat(client.get("kept")).contains("yes");
    }
    assertThat(harness.client.v1().events().inNamespace(OperatorHarness.NAMESPACE).list().getItems())
        .noneMatch(e -> "back".equals(e.getInvolvedObject().getName()) && "Remove".equals(e.getReason()));
  }

  static List<String> voters(GetClusterStatusResponse status) {
    return status.getMembersList().stream().filter(MemberStatus::getVoter).map(m -> m.getMember().getId())
        .collect(Collectors.toList());
  }

  static Optional<String> leader(GetClusterStatusResponse status) {
    return status.getLeaderId().isEmpty() ? Optional.empty() : Optional.of(status.getLeaderId());
  }
}
