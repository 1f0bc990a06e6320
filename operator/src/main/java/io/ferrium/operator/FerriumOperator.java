package io.ferrium.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ferrium.operator.membership.AddressStrategy;
import io.ferrium.operator.membership.ManagementClients;
import io.ferrium.operator.reconciler.FerriumClusterReconciler;
import io.ferrium.operator.reconciler.ReconcilerSettings;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Wires the operator: the JOSDK runtime with the FerriumCluster controller. Used by the main class
 * and, with a mock API server and loopback addresses, by the tests.
 */
public final class FerriumOperator {
  private FerriumOperator() {}

  /**
   * @param namespaces namespaces to watch; empty watches all
   * @param extra further runtime settings (leader election)
   */
  public static Operator create(KubernetesClient client, ManagementClients management, AddressStrategy addresses,
      ReconcilerSettings settings, Set<String> namespaces, Metrics metrics, Consumer<ConfigurationServiceOverrider> extra) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withMetrics(metrics)
          .withCloseClientOnStop(false)
          // Status is written with a merge of the status subresource: it works on every API server
          // and test server, and the operator is the status's only writer.
          .withUseSSAToPatchPrimaryResource(false);
      extra.accept(o);
    });
    FerriumClusterReconciler reconciler = new FerriumClusterReconciler(management, addresses, settings);
    operator.register(reconciler, c -> {
      if (namespaces.isEmpty()) {
        c.watchingAllNamespaces();
      } else {
        c.settingNamespaces(namespaces);
      }
    });
    return operator;
  }
}
