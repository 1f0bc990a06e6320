package io.ferrium.operator.model;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/** The two Services of a cluster: headless for peers, load-balancing for clients. */
public final class ServiceModel {
  private ServiceModel() {}

  /**
   * Gives every pod its stable DNS name. Addresses are published before pods are ready: an
   * unjoined node is never ready, yet the operator and its peers must reach it to let it join.
   */
  public static Service peerService(ClusterSpec spec) {
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(FerriumResources.peerService(spec.name()))
          .withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name()))
          .withOwnerReferences(spec.ownerReference())
        .endMetadata()
        .withNewSpec()
          .withClusterIP("None")
          .withPublishNotReadyAddresses(true)
          .withSelector(FerriumResources.selectorLabels(spec.name()))
          .withPorts(port("grpc", FerriumResources.GRPC_PORT), port("raft", FerriumResources.RAFT_PORT),
              port("http", FerriumResources.HTTP_PORT))
        .endSpec()
        .build();
  }

  /** Spreads clients over ready members; any member serves any request. */
  public static Service clientService(ClusterSpec spec) {
    return new ServiceBuilder()
        .withNewMetadata()
          .withName(FerriumResources.clientService(spec.name()))
          .withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name()))
          .withAnnotations(spec.serviceAnnotations())
          .withOwnerReferences(spec.ownerReference())
        .endMetadata()
        .withNewSpec()
          .withType(spec.serviceType())
          .withSelector(FerriumResources.selectorLabels(spec.name()))
          .withPorts(port("grpc", FerriumResources.GRPC_PORT), port("http", FerriumResources.HTTP_PORT))
        .endSpec()
        .build();
  }

  private static ServicePort port(String name, int port) {
    return new ServicePortBuilder().withName(name).withPort(port).withNewTargetPort(name).withProtocol("TCP").build();
  }
}
