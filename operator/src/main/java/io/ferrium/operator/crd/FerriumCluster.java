package io.ferrium.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Ferrium cluster: a StatefulSet of data-plane pods whose Raft membership the operator drives.
 * {@code kubectl scale fc/NAME --replicas=N} works through the scale subresource.
 */
@Group("ferrium.io")
@Version("v1alpha1")
@Kind("FerriumCluster")
@Plural("ferriumclusters")
@ShortNames("fc")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class FerriumCluster extends CustomResource<FerriumClusterSpec, FerriumClusterStatus> implements Namespaced {
  @Override
  protected FerriumClusterSpec initSpec() {
    return new FerriumClusterSpec();
  }
}
