package io.ferrium.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ferrium.operator.membership.GrpcManagementClient;
import io.ferrium.operator.membership.ManagementClients;
import io.ferrium.operator.membership.PodDnsAddressStrategy;
import io.ferrium.operator.reconciler.ReconcilerSettings;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the Ferrium operator; configuration in {@link OperatorSettings}. */
public final class OperatorMain {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  public static void main(String[] args) throws IOException {
    OperatorSettings settings = OperatorSettings.fromEnvironment(System.getenv());
    KubernetesClient client = new KubernetesClientBuilder().build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ManagementClients management = ManagementClients.inTempDirectory(GrpcManagementClient.plaintext());
    Operator operator = FerriumOperator.create(client, management, new PodDnsAddressStrategy(),
        ReconcilerSettings.defaults(), settings.namespaces(),
        MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build(),
        o -> {
          if (settings.leaderElection()) {
            String namespace = settings.leaseNamespace().orElse(client.getNamespace());
            o.withLeaderElectionConfiguration(settings.identity()
                .map(id -> new LeaderElectionConfiguration(settings.leaseName(), namespace, id))
                .orElseGet(() -> new LeaderElectionConfiguration(settings.leaseName(), namespace)));
          }
        });
    HealthServer health = new HealthServer(new InetSocketAddress(settings.httpPort()), operator, registry);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("Stopping the Ferrium operator");
      operator.stop();
      management.close();
      health.close();
      client.close();
    }, "ferrium-operator-shutdown"));
    LOG.info("Starting the Ferrium operator: namespaces {}, leader election {}, health and metrics on port {}",
        settings.namespaces().isEmpty() ? "all" : settings.namespaces(), settings.leaderElection(), health.port());
    operator.start();
  }
}
