package io.ferrium.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.operator.crd.FerriumClusterSpec;
import io.ferrium.operator.crd.ServiceOptions;
import io.ferrium.operator.crd.StorageSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {
  @Test
  void aMinimalSpecIsValid() {
    FerriumClusterSpec spec = new FerriumClusterSpec();
    spec.setReplicas(1);
    assertThat(SpecValidator.problems(spec)).isEmpty();
  }

  @Test
  void everyProblemIsNamedByItsField() {
    FerriumClusterSpec spec = new FerriumClusterSpec();
    spec.setReplicas(0);
    StorageSpec storage = new StorageSpec();
    storage.setSize("lots");
    spec.setStorage(storage);
    ServiceOptions service = new ServiceOptions();
    service.setType("ExternalName");
    spec.setService(service);
    spec.setConfig(Map.of("node.id", "x"));
    assertThat(SpecValidator.problems(spec)).hasSize(4)
        .anySatisfy(p -> assertThat(p).startsWith("spec.replicas"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.storage.size"))
        .anySatisfy(p -> assertThat(p).startsWith("spec.service.type"))
        .anySatisfy(p -> assertThat(p).contains("node.id"));
  }

  @Test
  void tlsIsRefusedUntilItIsImplementedRatherThanIgnored() {
    FerriumClusterSpec spec = new FerriumClusterSpec();
    spec.setReplicas(3);
    spec.setTls(new io.ferrium.operator.crd.TlsSpec());
    spec.getTls().setEnabled(false);
    assertThat(SpecValidator.problems(spec)).isEmpty();
    spec.getTls().setEnabled(true);
    assertThat(SpecValidator.problems(spec)).singleElement().satisfies(p -> assertThat(p).startsWith("spec.tls.enabled"));
  }

  @Test
  void replicasAreRequiredAndQuantitiesMayBeDecimal() {
    FerriumClusterSpec spec = new FerriumClusterSpec();
    assertThat(SpecValidator.problems(spec)).containsExactly("spec.replicas is required");
    spec.setReplicas(3);
    StorageSpec storage = new StorageSpec();
    storage.setSize("1.5Gi");
    spec.setStorage(storage);
    assertThat(SpecValidator.problems(spec)).isEmpty();
  }
}
