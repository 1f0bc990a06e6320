package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ferrium.operator.model.ClusterSpec;
import io.ferrium.operator.model.ConfigMapModel;
import io.ferrium.operator.model.Hashes;
import io.ferrium.operator.model.PodDisruptionBudgetModel;
import io.ferrium.operator.model.ServiceModel;
import io.ferrium.operator.model.StatefulSetModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the objects a cluster owns. Each desired object carries a hash of itself, so an
 * object is written only when what the operator wants changed (and not on every reconciliation).
 * Plain create/update rather than server-side apply keeps it working against API servers without
 * apply support.
 */
public final class OwnedResources {
  public static final String DESIRED_HASH_ANNOTATION = "ferrium.io/desired-hash";
  private static final Logger LOG = LoggerFactory.getLogger(OwnedResources.class);

  private final KubernetesClient client;

  public OwnedResources(KubernetesClient client) {
    this.client = client;
  }

  /** The cluster's objects with the StatefulSet at {@code statefulSetReplicas}; config first, pods last. */
  public static List<HasMetadata> desired(ClusterSpec spec, int statefulSetReplicas) {
    return List.of(ConfigMapModel.build(spec), ServiceModel.peerService(spec), ServiceModel.clientService(spec),
        PodDisruptionBudgetModel.build(spec), StatefulSetModel.build(spec, statefulSetReplicas));
  }

  /**
   * @param podsMayStart false while a TLS cluster's certificates are missing: a StatefulSet that does
   *     not exist yet is then not created (pods could not start), one that exists is kept up to date
   */
  public void apply(ClusterSpec spec, int statefulSetReplicas, boolean podsMayStart) {
    for (HasMetadata desired : desired(spec, statefulSetReplicas)) {
      if (podsMayStart || !(desired instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet)
          || client.resource(desired).get() != null) {
        apply(desired);
      }
    }
  }

  /** Creates the object, or updates it if the desired state changed since it was last written. */
  public void apply(HasMetadata desired) {
    Map<String, String> annotations = new HashMap<>();
    if (desired.getMetadata().getAnnotations() != null) {
      annotations.putAll(desired.getMetadata().getAnnotations());
    }
    annotations.put(DESIRED_HASH_ANNOTATION, Hashes.sha256(Serialization.asJson(desired)));
    desired.getMetadata().setAnnotations(annotations);

    HasMetadata existing = client.resource(desired).get();
    if (existing == null) {
      client.resource(desired).create();
      LOG.info("Created {} {}/{}", desired.getKind(), desired.getMetadata().getNamespace(), desired.getMetadata().getName());
    } else if (!annotations.get(DESIRED_HASH_ANNOTATION).equals(annotation(existing))) {
      desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      ImmutableFields.keep(existing, desired);
      client.resource(desired).update();
      LOG.info("Updated {} {}/{}", desired.getKind(), desired.getMetadata().getNamespace(), desired.getMetadata().getName());
    }
  }

  private static String annotation(HasMetadata existing) {
    Map<String, String> annotations = existing.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(DESIRED_HASH_ANNOTATION);
  }
}
