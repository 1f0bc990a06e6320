package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ferrium.operator.crd.FerriumCluster;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes core/v1 Events about a FerriumCluster; failing to record one never fails a reconciliation. */
public final class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "ferrium-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void normal(FerriumCluster cluster, String reason, String message) {
    record(cluster, "Normal", reason, message);
  }

  public void warning(FerriumCluster cluster, String reason, String message) {
    record(cluster, "Warning", reason, message);
  }

  private void record(FerriumCluster cluster, String type, String reason, String message) {
    String now = Instant.now().toString();
    String namespace = cluster.getMetadata().getNamespace();
    try {
      client.v1().events().inNamespace(namespace).resource(new EventBuilder()
          .withNewMetadata()
            .withName(cluster.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
          .endMetadata()
          .withNewInvolvedObject()
            .withApiVersion(cluster.getApiVersion())
            .withKind(cluster.getKind())
            .withName(cluster.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(cluster.getMetadata().getUid())
          .endInvolvedObject()
          .withType(type)
          .withReason(reason)
          .withMessage(message)
          .withFirstTimestamp(now)
          .withLastTimestamp(now)
          .withEventTime(new MicroTime(now))
          .withCount(1)
          .withReportingComponent(COMPONENT)
          .withReportingInstance(COMPONENT)
          .withAction(reason)
          .withNewSource().withComponent(COMPONENT).endSource()
          .build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("Could not record event {} for {}/{}: {}", reason, namespace, cluster.getMetadata().getName(), e.getMessage());
    }
  }
}
