package io.ferrium.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.StorageSpec;
import io.ferrium.operator.reconciler.OwnedResources;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModelBuildersTest {
  private final ClusterSpec spec = ClusterSpec.from(cluster());

  @Test
  void statefulSetStartsPodsInParallelWithAVolumeProbesAndConfig() {
    StatefulSet set = StatefulSetModel.build(spec, 5);
    assertThat(set.getMetadata().getName()).isEqualTo("kv");
    assertThat(set.getMetadata().getNamespace()).isEqualTo("prod");
    assertThat(set.getSpec().getReplicas()).isEqualTo(5);
    assertThat(set.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
    assertThat(set.getSpec().getServiceName()).isEqualTo("kv-peers");
    assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(FerriumResources.selectorLabels("kv"));
    assertThat(set.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(FerriumResources.selectorLabels("kv"));

    PersistentVolumeClaim claim = set.getSpec().getVolumeClaimTemplates().get(0);
    assertThat(claim.getMetadata().getName()).isEqualTo(FerriumResources.DATA_VOLUME);
    assertThat(claim.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("10Gi");
    assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast");
    assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Delete");
    assertThat(set.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");

    Container node = set.getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals(StatefulSetModel.CONTAINER)).findFirst().orElseThrow();
    assertThat(node.getImage()).isEqualTo("example/ferrium:1");
    assertThat(node.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    assertThat(node.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(node.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
    assertThat(node.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("http:21001", "grpc:21002", "raft:21003");
    assertThat(node.getEnv()).filteredOn(e -> e.getName().equals("FERRIUM_NODE_ID")).singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));
    assertThat(node.getArgs()).containsSubsequence("--config", "/etc/ferrium/ferrium.toml")
        .containsSubsequence("--advertise-host", "$(POD_NAME).kv-peers.prod.svc");
    assertThat(node.getVolumeMounts()).extracting(m -> m.getName() + "@" + m.getMountPath())
        .containsExactlyInAnyOrder("data@/var/lib/ferrium", "config@/etc/ferrium", "tmp@/tmp");
    assertThat(set.getSpec().getTemplate().getSpec().getVolumes()).hasSize(2)
        .anySatisfy(v -> assertThat(v.getConfigMap()).extracting("name").isEqualTo("kv-config"))
        .anySatisfy(v -> assertThat(v.getEmptyDir()).as("writable /tmp for %s", v.getName()).isNotNull());
    assertThat(node.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(node.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(node.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    PodSecurityContext pod = set.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(pod.getRunAsNonRoot()).isTrue();
    assertThat(pod.getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getFsGroup()).as("the data volume's group, so the node can write it").isEqualTo(10001L);
    assertThat(set.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("disk", "ssd");
    assertThat(set.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("team", "storage").containsKey(StatefulSetModel.CONFIG_HASH_ANNOTATION);
  }

  @Test
  void podsRestartWhenTheNodeConfigurationChanges() {
    FerriumCluster changed = cluster();
    changed.getSpec().getConfig().put("raft.election-timeout-min-ms", "1500");
    String before = StatefulSetModel.build(spec, 3).getSpec().getTemplate().getMetadata().getAnnotations()
        .get(StatefulSetModel.CONFIG_HASH_ANNOTATION);
    String after = StatefulSetModel.build(ClusterSpec.from(changed), 3).getSpec().getTemplate().getMetadata()
        .getAnnotations().get(StatefulSetModel.CONFIG_HASH_ANNOTATION);
    assertThat(after).isNotEqualTo(before);
  }

  @Test
  void peerServiceIsHeadlessAndPublishesUnreadyPodsClientServiceIsNot() {
    Service peers = ServiceModel.peerService(spec);
    assertThat(peers.getMetadata().getName()).isEqualTo("kv-peers");
    assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(peers.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(peers.getSpec().getPorts()).extracting(p -> p.getPort()).contains(21002, 21003);

    Service client = ServiceModel.clientService(spec);
    assertThat(client.getMetadata().getName()).isEqualTo("kv");
    assertThat(client.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(client.getSpec().getPublishNotReadyAddresses()).isNull();
    assertThat(client.getMetadata().getAnnotations()).containsEntry("lb", "internal");
    assertThat(client.getSpec().getSelector()).isEqualTo(FerriumResources.selectorLabels("kv"));
  }

  @Test
  void disruptionBudgetKeepsAMajority() {
    assertThat(PodDisruptionBudgetModel.maxUnavailable(1)).isZero();
    assertThat(PodDisruptionBudgetModel.maxUnavailable(2)).isZero();
    assertThat(PodDisruptionBudgetModel.maxUnavailable(3)).isEqualTo(1);
    assertThat(PodDisruptionBudgetModel.maxUnavailable(4)).isEqualTo(1);
    assertThat(PodDisruptionBudgetModel.maxUnavailable(5)).isEqualTo(2);
    PodDisruptionBudget pdb = PodDisruptionBudgetModel.build(spec);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(FerriumResources.selectorLabels("kv"));
  }

  @Test
  void everyObjectIsOwnedByTheClusterAndLabelled() {
    for (HasMetadata object : OwnedResources.desired(spec, 3)) {
      assertThat(object.getMetadata().getOwnerReferences()).singleElement().satisfies(ref -> {
        assertThat(ref.getUid()).isEqualTo("uid-1");
        assertThat(ref.getKind()).isEqualTo("FerriumCluster");
        assertThat(ref.getApiVersion()).isEqualTo("ferrium.io/v1alpha1");
        assertThat(ref.getController()).isTrue();
      });
      assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(FerriumResources.labels("kv"));
      assertThat(object.getMetadata().getNamespace()).isEqualTo("prod");
    }
  }

  @Test
  void defaultsFillWhatTheSpecLeavesOut() {
    FerriumCluster bare = new FerriumCluster();
    bare.getMetadata().setName("b");
    bare.getMetadata().setNamespace("ns");
    bare.getSpec().setReplicas(1);
    ClusterSpec defaults = ClusterSpec.from(bare);
    assertThat(defaults.image()).isEqualTo(ClusterSpec.DEFAULT_IMAGE);
    assertThat(defaults.storageSize()).isEqualTo("1Gi");
    assertThat(defaults.serviceType()).isEqualTo("ClusterIP");
    assertThat(StatefulSetModel.build(defaults, 1).getSpec().getVolumeClaimTemplates().get(0).getSpec()
        .getStorageClassName()).isNull();
  }

  @Test
  void namesComeFromOnePlace() {
    assertThat(FerriumResources.pod("kv", 2)).isEqualTo("kv-2");
    assertThat(FerriumResources.ordinal("kv", "kv-12")).isEqualTo(12);
    assertThat(FerriumResources.ordinal("kv", "kv-x")).isEqualTo(-1);
    assertThat(FerriumResources.ordinal("kv", "other-1")).isEqualTo(-1);
    assertThat(FerriumResources.podDnsName("kv", "prod", "kv-0")).isEqualTo("kv-0.kv-peers.prod.svc");
    assertThat(FerriumResources.selector("kv")).isEqualTo("app.kubernetes.io/instance=kv,app.kubernetes.io/name=ferrium");
  }

  static FerriumCluster cluster() {
    FerriumCluster cluster = new FerriumCluster();
    cluster.getMetadata().setName("kv");
    cluster.getMetadata().setNamespace("prod");
    cluster.getMetadata().setUid("uid-1");
    cluster.getSpec().setReplicas(3);
    cluster.getSpec().setImage("example/ferrium:1");
    StorageSpec storage = new StorageSpec();
    storage.setSize("10Gi");
    storage.setStorageClassName("fast");
    cluster.getSpec().setStorage(storage);
    cluster.getSpec().setConfig(new TreeMap<>(Map.of("raft.election-timeout-max-ms", "3000", "logging.format", "json")));
    io.ferrium.operator.crd.PodOptions pod = new io.ferrium.operator.crd.PodOptions();
    pod.setNodeSelector(Map.of("disk", "ssd"));
    pod.setAnnotations(Map.of("team", "storage"));
    cluster.getSpec().setPod(pod);
    io.ferrium.operator.crd.ServiceOptions service = new io.ferrium.operator.crd.ServiceOptions();
    service.setType("LoadBalancer");
    service.setAnnotations(Map.of("lb", "internal"));
    cluster.getSpec().setService(service);
    return cluster;
  }
}
