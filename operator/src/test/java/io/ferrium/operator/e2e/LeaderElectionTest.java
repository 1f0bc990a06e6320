package io.ferrium.operator.e2e;

import static io.ferrium.operator.e2e.ClusterLifecycleTest.voters;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.ferrium.operator.reconciler.Conditions;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two operator replicas share one Lease: one reconciles, the other takes over when it stops. */
class LeaderElectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String LEASE = "ferrium-operator";

  @TempDir
  Path root;

  @Test
  void aStandbyReplicaTakesOverWhenTheLeaderStops() {
    try (OperatorHarness harness = new OperatorHarness(root, elect("first"))) {
      Operator second = harness.startOperator(elect("second"), Metrics.NOOP);
      harness.create("le", 1, spec -> { });
      await().atMost(TIMEOUT).ignoreExceptions().until(() ->
          Conditions.isTrue(harness.get("le").getStatus().getConditions(), Conditions.READY));
      String holder = lease(harness).getSpec().getHolderIdentity();
      assertThat(holder).isIn("first", "second");

      Map<String, Operator> byIdentity = Map.of("first", harness.operator, "second", second);
      byIdentity.get(holder).stop();
      String standby = holder.equals("first") ? "second" : "first";
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> standby.equals(lease(harness).getSpec().getHolderIdentity()));

      harness.edit("le", spec -> spec.setReplicas(3));
      await().atMost(TIMEOUT).ignoreExceptions().until(() -> voters(harness.status("le-0")).size() == 3);
    }
  }

  private static Lease lease(OperatorHarness harness) {
    return harness.client.leases().inNamespace(OperatorHarness.NAMESPACE).withName(LEASE).get();
  }

  private static Consumer<ConfigurationServiceOverrider> elect(String identity) {
    // Short terms so the test does not wait long; never exit the JVM when leadership is lost.
    return o -> o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE, OperatorHarness.NAMESPACE,
        Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(500), identity, null, false));
  }
}
