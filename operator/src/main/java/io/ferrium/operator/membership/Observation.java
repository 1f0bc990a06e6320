package io.ferrium.operator.membership;

import java.util.List;
import java.util.Optional;

/** Everything the operator learnt from the pods' management APIs in one reconciliation. */
public record Observation(List<PodView> pods, Optional<ClusterView> cluster) {
  public Observation {
    pods = List.copyOf(pods);
  }

  public Optional<PodView> pod(String id) {
    return pods.stream().filter(p -> p.id().equals(id)).findFirst();
  }
}
