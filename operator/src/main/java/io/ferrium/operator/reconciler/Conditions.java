package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Kubernetes-style conditions: lastTransitionTime moves only when the status does. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String PROGRESSING = "Progressing";
  public static final String DEGRADED = "Degraded";
  public static final String CERTIFICATES_READY = "CertificatesReady";

  private Conditions() {}

  public static List<Condition> set(List<Condition> previous, Condition next, Instant now) {
    List<Condition> result = new ArrayList<>();
    Optional<Condition> old = find(previous, next.getType());
    String transition = old.filter(c -> c.getStatus().equals(next.getStatus()))
        .map(Condition::getLastTransitionTime).orElse(now.toString());
    next.setLastTransitionTime(transition);
    for (Condition c : previous) {
      if (!c.getType().equals(next.getType())) {
        result.add(c);
      }
    }
    result.add(next);
    result.sort((a, b) -> a.getType().compareTo(b.getType()));
    return result;
  }

  public static List<Condition> remove(List<Condition> previous, String type) {
    List<Condition> result = new ArrayList<>(previous);
    result.removeIf(c -> type.equals(c.getType()));
    return result;
  }

  public static Condition of(String type, boolean status, String reason, String message, Long generation) {
    return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
        .withMessage(message).withObservedGeneration(generation).build();
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }
}
