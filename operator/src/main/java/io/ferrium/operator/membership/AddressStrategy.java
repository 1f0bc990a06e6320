package io.ferrium.operator.membership;

import io.ferrium.api.v1.Member;

/**
 * How a pod's node is reached. The same addresses go into Init and AddMember, so the nodes reach
 * each other exactly as the operator reaches them.
 */
@FunctionalInterface
public interface AddressStrategy {
  NodeAddress address(String cluster, String namespace, String podName);

  default Member member(String cluster, String namespace, String podName) {
    NodeAddress address = address(cluster, namespace, podName);
    return Member.newBuilder().setId(podName).setApiAddress(address.api()).setRaftAddress(address.raft())
        .setHttpAddress(address.http()).build();
  }
}
