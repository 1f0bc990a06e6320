package io.ferrium.operator.membership;

import io.ferrium.operator.model.FerriumResources;

/** Production: each pod by its stable DNS name under the headless peer Service, default ports. */
public final class PodDnsAddressStrategy implements AddressStrategy {
  @Override
  public NodeAddress address(String cluster, String namespace, String podName) {
    return new NodeAddress(FerriumResources.podDnsName(cluster, namespace, podName),
        FerriumResources.GRPC_PORT, FerriumResources.RAFT_PORT, FerriumResources.HTTP_PORT);
  }
}
