package io.ferrium.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;

/** The ConfigMap holding the node's TOML file, mounted read-only in every pod. */
public final class ConfigMapModel {
  private ConfigMapModel() {}

  public static ConfigMap build(ClusterSpec spec) {
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(FerriumResources.configMap(spec.name()))
          .withNamespace(spec.namespace())
          .withLabels(FerriumResources.labels(spec.name()))
          .withOwnerReferences(spec.ownerReference())
        .endMetadata()
        .addToData(FerriumResources.CONFIG_FILE, NodeConfigToml.render(spec))
        .build();
  }
}
