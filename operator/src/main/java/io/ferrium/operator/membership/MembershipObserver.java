package io.ferrium.operator.membership;

import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.api.v1.NodeState;
import io.ferrium.operator.model.FerriumResources;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Reads the cluster through the pods' management APIs: each pod's own state (cheap, local), then
 * the full membership from the leader (or, failing that, any member).
 */
public final class MembershipObserver {
  /** A pod that does not answer costs its deadline once per round, not once per pod. */
  private static final ExecutorService ASKERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ferrium-observer");
    t.setDaemon(true);
    return t;
  });

  private final ManagementClient client;
  private final AddressStrategy addresses;

  public MembershipObserver(ManagementClient client, AddressStrategy addresses) {
    this.client = client;
    this.addresses = addresses;
  }

  /** Observes pods {@code 0 .. podCount-1} of the cluster, asking them all at once. */
  public Observation observe(String cluster, String namespace, int podCount) {
    List<CompletableFuture<Local>> asks = new ArrayList<>();
    for (int ordinal = 0; ordinal < podCount; ordinal++) {
      String id = FerriumResources.pod(cluster, ordinal);
      int i = ordinal;
      asks.add(CompletableFuture.supplyAsync(() -> ask(cluster, namespace, id, i), ASKERS));
    }
    List<PodView> pods = new ArrayList<>();
    Map<String, GetClusterStatusResponse> local = new LinkedHashMap<>();
    for (CompletableFuture<Local> ask : asks) {
      Local answer = ask.join();
      pods.add(answer.pod());
      answer.status().ifPresent(status -> local.put(answer.pod().id(), status));
    }
    return new Observation(pods, clusterView(cluster, namespace, pods, local));
  }

  private record Local(PodView pod, Optional<GetClusterStatusResponse> status) {}

  private Local ask(String cluster, String namespace, String id, int ordinal) {
    try {
      GetClusterStatusResponse status = client.status(api(cluster, namespace, id), true);
      return new Local(new PodView(id, ordinal, true, status.getState() == NodeState.MEMBER, status.getClusterId(), ""),
          Optional.of(status));
    } catch (StatusRuntimeException e) {
      return new Local(PodView.unreachable(id, ordinal, e.getStatus().getCode() + ": " + e.getStatus().getDescription()),
          Optional.empty());
    }
  }

  private Optional<ClusterView> clusterView(String cluster, String namespace, List<PodView> pods,
      Map<String, GetClusterStatusResponse> local) {
    for (String source : sources(local)) {
      try {
        GetClusterStatusResponse full = client.status(api(cluster, namespace, source), false);
        if (full.getState() != NodeState.MEMBER) {
          continue;
        }
        Map<String, Boolean> operatorReach = pods.stream().collect(Collectors.toMap(PodView::id, PodView::reachable));
        List<MemberView> members = full.getMembersList().stream()
            .map(m -> view(m, operatorReach.getOrDefault(m.getMember().getId(), m.getReachable())))
            .collect(Collectors.toList());
        return Optional.of(new ClusterView(full.getClusterId(), full.getLeaderId(), members));
      } catch (StatusRuntimeException e) {
        // try the next member
      }
    }
    return Optional.empty();
  }

  /** Joined pods to ask for the full view, the one most of them name as leader first. */
  private static List<String> sources(Map<String, GetClusterStatusResponse> local) {
    List<String> joined = local.entrySet().stream().filter(e -> e.getValue().getState() == NodeState.MEMBER)
        .map(Map.Entry::getKey).collect(Collectors.toList());
    Optional<String> leader = local.values().stream().map(GetClusterStatusResponse::getLeaderId)
        .filter(l -> !l.isEmpty())
        .collect(Collectors.groupingBy(l -> l, Collectors.counting()))
        .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    List<String> ordered = new ArrayList<>();
    leader.filter(joined::contains).ifPresent(ordered::add);
    joined.stream().filter(id -> !ordered.contains(id)).forEach(ordered::add);
    return ordered;
  }

  private static MemberView view(MemberStatus m, boolean operatorReached) {
    return new MemberView(m.getMember().getId(), m.getMember().getApiAddress(), m.getVoter(), m.getRole(), m.getLag(),
        m.getReachable() && operatorReached);
  }

  private String api(String cluster, String namespace, String podName) {
    return addresses.address(cluster, namespace, podName).api();
  }
}
