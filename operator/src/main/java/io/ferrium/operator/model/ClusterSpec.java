package io.ferrium.operator.model;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.FerriumClusterSpec;
import io.ferrium.operator.crd.PodOptions;
import io.ferrium.operator.crd.ServiceOptions;
import io.ferrium.operator.tls.TlsSettings;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A validated FerriumCluster with every default filled in: what the builders work from. The API
 * server applies no defaults for us in every setup, so they live here.
 */
public record ClusterSpec(
    String name,
    String namespace,
    String uid,
    int replicas,
    String image,
    String storageSize,
    String storageClassName,
    ResourceRequirements resources,
    String jvmOptions,
    Map<String, String> config,
    PodOptions pod,
    String serviceType,
    Map<String, String> serviceAnnotations,
    TlsSettings tls) {

  public static final String DEFAULT_IMAGE = "ferrium/ferrium-server:0.1.0";
  public static final String DEFAULT_STORAGE_SIZE = "1Gi";

  public static ClusterSpec from(FerriumCluster cluster) {
    FerriumClusterSpec spec = cluster.getSpec();
    Optional<ServiceOptions> service = Optional.ofNullable(spec.getService());
    return new ClusterSpec(
        cluster.getMetadata().getName(),
        cluster.getMetadata().getNamespace(),
        cluster.getMetadata().getUid(),
        spec.getReplicas() == null ? 1 : spec.getReplicas(),
        blankToDefault(spec.getImage(), DEFAULT_IMAGE),
        spec.getStorage() == null ? DEFAULT_STORAGE_SIZE : blankToDefault(spec.getStorage().getSize(), DEFAULT_STORAGE_SIZE),
        spec.getStorage() == null ? null : spec.getStorage().getStorageClassName(),
        spec.getResources(),
        spec.getJvmOptions() == null || spec.getJvmOptions().isBlank() ? null : spec.getJvmOptions().strip(),
        spec.getConfig() == null ? Map.of() : new TreeMap<>(spec.getConfig()),
        spec.getPod() == null ? new PodOptions() : spec.getPod(),
        blankToDefault(service.map(ServiceOptions::getType).orElse(null), "ClusterIP"),
        service.map(ServiceOptions::getAnnotations).orElse(Map.of()),
        TlsSettings.from(spec.getTls()));
  }

  /** The reference that makes the cluster own (and garbage-collect) an object. */
  public OwnerReference ownerReference() {
    return new OwnerReferenceBuilder()
        .withApiVersion("ferrium.io/v1alpha1")
        .withKind("FerriumCluster")
        .withName(name)
        .withUid(uid)
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  private static String blankToDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
