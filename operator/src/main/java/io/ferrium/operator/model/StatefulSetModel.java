package io.ferrium.operator.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The StatefulSet of the cluster's pods. Pods start in parallel (the operator, not pod order, forms
 * the cluster), each with its own volume; the node id is the pod name and the advertised host the
 * pod's DNS name, both taken from the pod at start.
 */
public final class StatefulSetModel {
  public static final String CONTAINER = "ferrium";
  /** Changes when the node configuration does, so that pods restart with it. */
  public static final String CONFIG_HASH_ANNOTATION = "ferrium.io/config-hash";

  private StatefulSetModel() {}

  /** @param replicas the StatefulSet size, which lags behind spec.replicas while members leave. */
  public static StatefulSet build(ClusterSpec spec, int replicas) {
    Map<String, String> podAnnotations = new TreeMap<>();
    if (spec.pod().getAnnotations() != null) {
      podAnnotations.putAll(spec.pod().getAnnotations());
    }
    podAnnotations.put(CONFIG_HASH_ANNOTATION, Hashes.sha256(NodeConfigToml.render(spec)));
    return new StatefulSetBuilder()
        .withNewMetadata()
          .withName(FerriumResources.statefulSet(spec.name()))
          .withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name()))
          .withOwnerReferences(spec.ownerReference())
        .endMetadata()
        .withNewSpec()
          .withReplicas(replicas)
          .withServiceName(FerriumResources.peerService(spec.name()))
          .withPodManagementPolicy("Parallel")
          .withNewSelector().withMatchLabels(FerriumResources.selectorLabels(spec.name())).endSelector()
          .withNewUpdateStrategy().withType("RollingUpdate").endUpdateStrategy()
          .withNewTemplate()
            .withNewMetadata()
              .withLabels(FerriumResources.labels(spec.name()))
              .withAnnotations(podAnnotations)
            .endMetadata()
            .withNewSpec()
              // The volume's files belong to the node's group, whatever the storage created them as.
              .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(FerriumResources.NODE_UID)
                .withRunAsGroup(FerriumResources.NODE_UID).withFsGroup(FerriumResources.NODE_UID)
                .withFsGroupChangePolicy("OnRootMismatch")
              .endSecurityContext()
              .withContainers(container(spec))
              .addNewVolume().withName(FerriumResources.TMP_VOLUME).withNewEmptyDir().endEmptyDir().endVolume()
              .addNewVolume()
                .withName(FerriumResources.CONFIG_VOLUME)
                .withNewConfigMap().withName(FerriumResources.configMap(spec.name())).endConfigMap()
              .endVolume()
              .addAllToVolumes(tlsVolumes(spec))
              .withAffinity(spec.pod().getAffinity())
              .withTolerations(spec.pod().getTolerations())
              .withNodeSelector(spec.pod().getNodeSelector())
              .withTopologySpreadConstraints(spec.pod().getTopologySpreadConstraints())
              .withTerminationGracePeriodSeconds(30L)
            .endSpec()
          .endTemplate()
          .withVolumeClaimTemplates(volumeClaim(spec))
          // A pod removed by a scale-down has left the Raft group; its data is of no further use and
          // would only confuse a later pod of the same name. Deleting the cluster keeps the volumes.
          .withNewPersistentVolumeClaimRetentionPolicy().withWhenScaled("Delete").withWhenDeleted("Retain")
          .endPersistentVolumeClaimRetentionPolicy()
        .endSpec()
        .build();
  }

  private static Container container(ClusterSpec spec) {
    String advertiseHost = "$(POD_NAME)." + FerriumResources.peerService(spec.name()) + "." + spec.namespace() + ".svc";
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(spec.image())
        .withArgs("--config", FerriumResources.CONFIG_DIR + "/" + FerriumResources.CONFIG_FILE,
            "--advertise-host", advertiseHost)
        .withEnv(fromPodName("POD_NAME"), fromPodName("FERRIUM_NODE_ID"))
        .addAllToEnv(JvmOptions.of(spec).map(o -> new EnvVar(JvmOptions.ENV, o, null)).stream().toList())
        .addNewPort().withName("http").withContainerPort(FerriumResources.HTTP_PORT).endPort()
        .addNewPort().withName("grpc").withContainerPort(FerriumResources.GRPC_PORT).endPort()
        .addNewPort().withName("raft").withContainerPort(FerriumResources.RAFT_PORT).endPort()
        .withLivenessProbe(httpProbe("/livez", 6, scheme(spec)))
        .withReadinessProbe(httpProbe("/readyz", 3, scheme(spec)))
        .withResources(spec.resources())
        .withNewSecurityContext()
          .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
          .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount().withName(FerriumResources.TMP_VOLUME).withMountPath(FerriumResources.TMP_DIR).endVolumeMount()
        .addNewVolumeMount().withName(FerriumResources.DATA_VOLUME).withMountPath(FerriumResources.DATA_DIR).endVolumeMount()
        .addNewVolumeMount().withName(FerriumResources.CONFIG_VOLUME).withMountPath(FerriumResources.CONFIG_DIR)
          .withReadOnly(true).endVolumeMount()
        .addAllToVolumeMounts(tlsMounts(spec))
        .build();
  }

  /**
   * One directory with the pod certificate ({@code tls.crt}, {@code tls.key}) and the trust bundle
   * ({@code ca.crt}). The kubelet updates it in place when either Secret changes, and the node re-reads
   * the files, so renewal and CA rotation restart nothing (and nothing here changes with them).
   */
  private static List<Volume> tlsVolumes(ClusterSpec spec) {
    if (!spec.tls().enabled()) {
      return List.of();
    }
    return List.of(new VolumeBuilder()
        .withName(FerriumResources.TLS_VOLUME)
        .withNewProjected()
          .addNewSource().withNewSecret().withName(FerriumResources.podCertificate(spec.name()))
            .addNewItem().withKey("tls.crt").withPath("tls.crt").endItem()
            .addNewItem().withKey("tls.key").withPath("tls.key").endItem()
          .endSecret().endSource()
          .addNewSource().withNewSecret().withName(FerriumResources.trustBundle(spec.name()))
            .addNewItem().withKey("ca.crt").withPath("ca.crt").endItem()
          .endSecret().endSource()
        .endProjected()
        .build());
  }

  private static List<VolumeMount> tlsMounts(ClusterSpec spec) {
    return spec.tls().enabled()
        ? List.of(new VolumeMountBuilder().withName(FerriumResources.TLS_VOLUME).withMountPath(FerriumResources.TLS_DIR)
            .withReadOnly(true).build())
        : List.of();
  }

  /** HTTPS for TLS clusters; left unset (HTTP) for plain ones for plain clusters so their pods are not rolled. */
  private static String scheme(ClusterSpec spec) {
    return spec.tls().enabled() ? "HTTPS" : null;
  }

  private static EnvVar fromPodName(String name) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom()
        .build();
  }

  private static Probe httpProbe(String path, int failureThreshold, String scheme) {
    return new ProbeBuilder()
        .withNewHttpGet().withPath(path).withNewPort("http").withScheme(scheme).endHttpGet()
        .withPeriodSeconds(5)
        .withTimeoutSeconds(3)
        .withFailureThreshold(failureThreshold)
        .build();
  }

  private static PersistentVolumeClaim volumeClaim(ClusterSpec spec) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
          .withName(FerriumResources.DATA_VOLUME)
          .withLabels(FerriumResources.selectorLabels(spec.name()))
        .endMetadata()
        .withNewSpec()
          .withAccessModes(List.of("ReadWriteOnce"))
          .withStorageClassName(spec.storageClassName())
          .withNewResources().addToRequests("storage", new Quantity(spec.storageSize())).endResources()
        .endSpec()
        .build();
  }
}
