package io.ferrium.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * Lets voluntary evictions take down only as many pods as the quorum survives: with n voters,
 * a majority of n must stay, so at most (n - 1) / 2 may go (none for one or two voters).
 */
public final class PodDisruptionBudgetModel {
  private PodDisruptionBudgetModel() {}

  public static int maxUnavailable(int voters) {
    return Math.max(0, (voters - 1) / 2);
  }

  public static PodDisruptionBudget build(ClusterSpec spec) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
          .withName(FerriumResources.podDisruptionBudget(spec.name()))
          .withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name()))
          .withOwnerReferences(spec.ownerReference())
        .endMetadata()
        .withNewSpec()
          .withMaxUnavailable(new IntOrString(maxUnavailable(spec.replicas())))
          .withNewSelector().withMatchLabels(FerriumResources.selectorLabels(spec.name())).endSelector()
        .endSpec()
        .build();
  }
}
