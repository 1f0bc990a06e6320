package io.ferrium.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
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
  void tlsSettingsAreChecked() {
    FerriumClusterSpec spec = new FerriumClusterSpec();
    spec.setReplicas(3);
    spec.setTls(new io.ferrium.operator.crd.TlsSpec());
    spec.getTls().setEnabled(false);
    assertThat(SpecValidator.problems(spec)).isEmpty();
    spec.getTls().setEnabled(true);
    assertThat(SpecValidator.problems(spec)).isEmpty();

    spec.getTls().setDuration("90d");
    assertThat(SpecValidator.problems(spec)).singleElement()
        .satisfies(p -> assertThat(p).isEqualTo("spec.tls.duration must be a Go duration such as 2160h or 1h30m "
            + "(units h, m, s), got '90d'"));
    spec.getTls().setDuration("24h");
    spec.getTls().setRenewBefore("1h30m");
    assertThat(SpecValidator.problems(spec)).isEmpty();
    spec.getTls().setRenewBefore("24h");
    assertThat(SpecValidator.problems(spec)).singleElement()
        .satisfies(p -> assertThat(p).startsWith("spec.tls.renewBefore (24h) must be shorter than spec.tls.duration (24h)"));
    spec.getTls().setDuration(null);
    spec.getTls().setRenewBefore("3000h");
    assertThat(SpecValidator.problems(spec)).singleElement()
        .satisfies(p -> assertThat(p).contains("spec.tls.duration (2160h)"));
    spec.getTls().setRenewBefore(null);
    spec.getTls().setDuration("30m");
    assertThat(SpecValidator.problems(spec)).anySatisfy(p -> assertThat(p).contains("at least 1h"));
    spec.getTls().setDuration(null);

    io.ferrium.operator.crd.TlsSpec.IssuerRef issuer = new io.ferrium.operator.crd.TlsSpec.IssuerRef();
    issuer.setKind("Vault");
    spec.getTls().setIssuerRef(issuer);
    assertThat(SpecValidator.problems(spec)).containsExactlyInAnyOrder(
        "spec.tls.issuerRef.name is required when issuerRef is set (or remove issuerRef to let the operator create "
            + "a self-signed CA for the cluster)",
        "spec.tls.issuerRef.kind must be Issuer or ClusterIssuer, got 'Vault'");
    issuer.setName("corp-ca");
    issuer.setKind("ClusterIssuer");
    assertThat(SpecValidator.problems(spec)).isEmpty();
  }

  @Test
  void jvmOptionsAndTheMemoryLimitAreChecked() {
    FerriumClusterSpec spec = new FerriumClusterSpec();
    spec.setReplicas(3);
    spec.setJvmOptions("-Xmx1g -XX:+UseG1GC");
    spec.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("384Mi")).build());
    assertThat(SpecValidator.problems(spec)).isEmpty();

    spec.setJvmOptions("-Xmx1g; rm -rf /");
    spec.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("300Mi")).build());
    assertThat(SpecValidator.problems(spec)).hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("spec.jvmOptions must be JVM options").contains("rm -rf"))
        .anySatisfy(p -> assertThat(p).isEqualTo("spec.resources.limits.memory must be at least 384Mi"
            + " (a node under load needs ~150Mi beside its heap and direct buffers), got 300Mi"));

    spec.setJvmOptions(null);
    spec.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("lots")).build());
    assertThat(SpecValidator.problems(spec)).singleElement().asString()
        .startsWith("spec.resources.limits.memory must be a quantity");
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
