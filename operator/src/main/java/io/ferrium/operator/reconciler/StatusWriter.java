package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.FerriumClusterStatus;
import java.net.HttpURLConnection;

/**
 * Writes the status subresource as a patch against the object as stored now, not against the
 * informer's copy: a diff from a stale copy (say, of a members list that changed since) would not
 * apply, and a failed status write would cost the rescheduled reconciliation with it.
 */
final class StatusWriter {
  private StatusWriter() {}

  static void write(KubernetesClient client, FerriumCluster cluster, FerriumClusterStatus status) {
    try {
      client.resources(FerriumCluster.class)
          .inNamespace(cluster.getMetadata().getNamespace())
          .withName(cluster.getMetadata().getName())
          .editStatus(latest -> {
            latest.setStatus(status);
            return latest;
          });
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        throw e;
      }
      // deleted meanwhile: nothing to report on
    }
  }
}
