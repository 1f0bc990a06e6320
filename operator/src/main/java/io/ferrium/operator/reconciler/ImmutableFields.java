package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fields the API server refuses to change on an existing object keep their current values, so that
 * an update of the rest still goes through. Resizing volumes means resizing the claims themselves.
 */
final class ImmutableFields {
  private static final Logger LOG = LoggerFactory.getLogger(ImmutableFields.class);

  private ImmutableFields() {}

  static void keep(HasMetadata existing, HasMetadata desired) {
    if (existing instanceof StatefulSet current && desired instanceof StatefulSet wanted) {
      StatefulSetSpec now = current.getSpec();
      StatefulSetSpec next = wanted.getSpec();
      if (!Objects.equals(now.getVolumeClaimTemplates(), next.getVolumeClaimTemplates())) {
        LOG.warn("StatefulSet {}/{}: volume claim templates cannot change; keeping the current ones"
            + " (resize the PersistentVolumeClaims directly)", current.getMetadata().getNamespace(),
            current.getMetadata().getName());
      }
      next.setVolumeClaimTemplates(now.getVolumeClaimTemplates());
      next.setSelector(now.getSelector());
      next.setServiceName(now.getServiceName());
      next.setPodManagementPolicy(now.getPodManagementPolicy());
    }
  }
}
