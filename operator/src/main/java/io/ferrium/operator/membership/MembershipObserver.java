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
import java.util.stream.Collectors;

/**
 * Reads the cluster through the pods' management APIs: each pod's own state (cheap, local), then
 * the full membership from the leader (or, failing that, any member).
 */
public final class MembershipObserver {
  private final ManagementClient client;
  private final AddressStrategy addresses;

  public MembershipObserver(ManagementClient client, AddressStrategy addresses) {
    this.client = client;
    this.addresses = addresses;
  }

  /** Observes pods {@code 0 .. podCount-1} of the cluster. */
  public Observation observe(String cluster, String namespace, int podCount) {
    List<PodView> pods = new ArrayList<>();
    Map<String, GetClusterStatusResponse> local = new LinkedHashMap<>();
    for (int ordinal = 0; ordinal < podCount; ordinal++) {
      String id = FerriumResources.pod(cluster, ordinal);
      try {
        GetClusterStatusResponse status = client.status(api(cluster, namespace, id), true);
        local.put(id, status);
        pods.add(new PodView(id, ordinal, true, status.getState() == NodeState.MEMBER, status.getClusterId(), ""));
      } catch (StatusRuntimeException e) {
        pods.add(PodView.unreachable(id, ordinal, e.getStatus().getCode() + ": " + e.getStatus().getDescription()));
      }
    }
    return new Observation(pods, clusterView(cluster, namespace, pods, local));
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
