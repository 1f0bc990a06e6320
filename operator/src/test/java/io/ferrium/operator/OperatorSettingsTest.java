package io.ferrium.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  @Test
  void defaultsWatchEveryNamespaceWithoutLeaderElection() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of());
    assertThat(settings.namespaces()).isEmpty();
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.leaderElection()).isFalse();
    assertThat(settings.leaseName()).isEqualTo("ferrium-operator");
    assertThat(settings.leaseNamespace()).isEmpty();
  }

  @Test
  void readsNamespacesPortAndLeaseFromTheEnvironment() {
    OperatorSettings settings = OperatorSettings.fromEnvironment(Map.of(
        "FERRIUM_OPERATOR_NAMESPACES", " team-a, team-b ,",
        "FERRIUM_OPERATOR_HTTP_PORT", "9090",
        "FERRIUM_OPERATOR_LEADER_ELECTION", "true",
        "POD_NAMESPACE", "ferrium-system",
        "POD_NAME", "op-1"));
    assertThat(settings.namespaces()).containsExactly("team-a", "team-b");
    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.leaderElection()).isTrue();
    assertThat(settings.leaseNamespace()).contains("ferrium-system");
    assertThat(settings.identity()).contains("op-1");
  }
}
