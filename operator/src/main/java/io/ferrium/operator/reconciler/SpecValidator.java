package io.ferrium.operator.reconciler;

import io.ferrium.operator.crd.FerriumClusterSpec;
import io.ferrium.operator.crd.StorageSpec;
import io.ferrium.operator.crd.TlsSpec;
import io.ferrium.operator.model.JvmOptions;
import io.ferrium.operator.model.NodeConfigToml;
import io.ferrium.operator.tls.GoDuration;
import io.ferrium.operator.tls.TlsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what the CRD's OpenAPI schema checks too, for API servers (and test servers) that did not:
 * an invalid spec must never reach the builders, let alone shrink a cluster.
 */
public final class SpecValidator {
  private static final Pattern SIZE = Pattern.compile(StorageSpec.SIZE_PATTERN);
  private static final Set<String> SERVICE_TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");
  private static final Set<String> ISSUER_KINDS = Set.of("Issuer", "ClusterIssuer");
  private static final Duration MIN_DURATION = Duration.ofHours(1);
  private static final Pattern JVM_OPTIONS = Pattern.compile("-\\S+( +-\\S+)*");

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
    if (spec.getTls() != null) {
      problems.addAll(tlsProblems(spec.getTls()));
    }
    problems.addAll(memoryProblems(spec));
    if (spec.getConfig() != null) {
      spec.getConfig().keySet().stream().filter(k -> !NodeConfigToml.isSettable(k)).sorted().forEach(k ->
          problems.add("spec.config key '" + k + "' is not a section.key setting the operator lets you change"));
    }
    return problems;
  }

  private static List<String> memoryProblems(FerriumClusterSpec spec) {
    List<String> problems = new ArrayList<>();
    String jvmOptions = spec.getJvmOptions();
    if (jvmOptions != null && !jvmOptions.isBlank() && !JVM_OPTIONS.matcher(jvmOptions.strip()).matches()) {
      problems.add("spec.jvmOptions must be JVM options separated by spaces, each starting with '-', got '"
          + jvmOptions + "'");
    }
    try {
      JvmOptions.memoryLimitMib(spec.getResources())
          .filter(mib -> mib < JvmOptions.MIN_MEMORY_LIMIT_MIB)
          .ifPresent(mib -> problems.add("spec.resources.limits.memory must be at least "
              + JvmOptions.MIN_MEMORY_LIMIT_MIB + "Mi (a node under load needs ~150Mi beside its heap and"
              + " direct buffers), got " + spec.getResources().getLimits().get("memory")));
    } catch (IllegalArgumentException | ArithmeticException e) {
      problems.add("spec.resources.limits.memory must be a quantity such as 1Gi, got '"
          + spec.getResources().getLimits().get("memory") + "'");
    }
    return problems;
  }

  private static List<String> tlsProblems(TlsSpec tls) {
    List<String> problems = new ArrayList<>();
    Optional<Duration> duration = goDuration("spec.tls.duration", tls.getDuration(), problems);
    Optional<Duration> renewBefore = goDuration("spec.tls.renewBefore", tls.getRenewBefore(), problems);
    Duration effectiveDuration = duration.orElse(GoDuration.parse(TlsSettings.DEFAULT_DURATION).orElseThrow());
    Duration effectiveRenew = renewBefore.orElse(GoDuration.parse(TlsSettings.DEFAULT_RENEW_BEFORE).orElseThrow());
    if ((duration.isPresent() || renewBefore.isPresent()) && effectiveRenew.compareTo(effectiveDuration) >= 0) {
      problems.add("spec.tls.renewBefore (" + orDefault(tls.getRenewBefore(), TlsSettings.DEFAULT_RENEW_BEFORE)
          + ") must be shorter than spec.tls.duration (" + orDefault(tls.getDuration(), TlsSettings.DEFAULT_DURATION)
          + "), or certificates would be renewed as soon as they are issued");
    }
    if (duration.isPresent() && duration.get().compareTo(MIN_DURATION) < 0) {
      problems.add("spec.tls.duration must be at least 1h (cert-manager's minimum), got '" + tls.getDuration() + "'");
    }
    TlsSpec.IssuerRef issuer = tls.getIssuerRef();
    if (issuer != null) {
      if (issuer.getName() == null || issuer.getName().isBlank()) {
        problems.add("spec.tls.issuerRef.name is required when issuerRef is set (or remove issuerRef to let the "
            + "operator create a self-signed CA for the cluster)");
      }
      if (issuer.getKind() != null && !ISSUER_KINDS.contains(issuer.getKind())) {
        problems.add("spec.tls.issuerRef.kind must be Issuer or ClusterIssuer, got '" + issuer.getKind() + "'");
      }
    }
    return problems;
  }

  private static Optional<Duration> goDuration(String field, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    Optional<Duration> parsed = GoDuration.parse(value);
    if (parsed.isEmpty()) {
      problems.add(field + " must be a Go duration such as 2160h or 1h30m (units h, m, s), got '" + value + "'");
    }
    return parsed;
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
