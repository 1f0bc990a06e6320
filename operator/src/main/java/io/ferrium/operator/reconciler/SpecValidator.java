package io.ferrium.operator.reconciler;

import io.ferrium.operator.crd.FerriumClusterSpec;
import io.ferrium.operator.crd.StorageSpec;
import io.ferrium.operator.model.NodeConfigToml;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what the CRD's OpenAPI schema checks too, for API servers (and test servers) that did not:
 * an invalid spec must never reach the builders, let alone shrink a cluster.
 */
public final class SpecValidator {
  private static final Pattern SIZE = Pattern.compile(StorageSpec.SIZE_PATTERN);
  private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");

  private SpecValidator() {}

  /** Every problem found, each naming its field; empty when the spec is valid. */
  public static List<String> problems(FerriumClusterSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is missing");
    }
    if (spec.getReplicas() == null) {
      problems.add("spec.replicas is required");
    } else if (spec.getReplicas() < 1) {
      problems.add("spec.replicas must be at least 1, got " + spec.getReplicas());
    }
    if (spec.getStorage() != null && spec.getStorage().getSize() != null
        && !SIZE.matcher(spec.getStorage().getSize()).matches()) {
      problems.add("spec.storage.size must be a quantity such as 10Gi, got '" + spec.getStorage().getSize() + "'");
    }
    if (spec.getService() != null && spec.getService().getType() != null
        && !SERVICE_TYPES.contains(spec.getService().getType())) {
      problems.add("spec.service.type must be one of " + SERVICE_TYPES + ", got '" + spec.getService().getType() + "'");
    }
    if (spec.getTls() != null && Boolean.TRUE.equals(spec.getTls().getEnabled())) {
      // Refuse rather than run a cluster in plaintext that was asked to use TLS.
      problems.add("spec.tls.enabled is not supported by this operator version yet; remove it or set it to false");
    }
    if (spec.getConfig() != null) {
      spec.getConfig().keySet().stream().filter(k -> !NodeConfigToml.isSettable(k)).sorted().forEach(k ->
          problems.add("spec.config key '" + k + "' is not a section.key setting the operator lets you change"));
    }
    return problems;
  }
}
