package io.ferrium.server.http;

import static io.ferrium.server.http.JsonFields.nodeId;
import static io.ferrium.server.http.JsonFields.object;
import static io.ferrium.server.http.JsonFields.optionalText;
import static io.ferrium.server.http.JsonFields.renderId;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.api.v1.NodeState;
import io.ferrium.server.kv.InvalidRequestException;
import io.ferrium.server.node.ClusterOperations;
import io.ferrium.server.raft.MembershipException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cluster routes: the seed's {@code /init}, {@code /add-learner}, {@code /change-membership},
 * {@code /leader}, {@code /is-leader} with their JSON shapes, plus {@code /members},
 * {@code /member} (this node's addresses) and {@code /status}.
 */
final class ClusterRoutes {
  private final ClusterOperations cluster;
  private final JsonWriter json;
  private final ObjectMapper mapper;
  private final HttpClient http;
  private final String scheme;

  ClusterRoutes(ClusterOperations cluster, JsonWriter json, ObjectMapper mapper, Optional<SSLContext> tls) {
    this.cluster = cluster;
    this.json = json;
    this.mapper = mapper;
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3));
    tls.ifPresent(client::sslContext);
    this.http = client.build();
    this.scheme = tls.isPresent() ? "https://" : "http://";
  }

  void register(RouteTable routes) {
    routes.post("/init", "init", x -> init());
    routes.post("/add-learner", "add-learner", x -> addLearner(object(x.json(), "the /add-learner body")));
    routes.post("/change-membership", "change-membership", x -> changeMembership(x.json()));
    routes.get("/leader", "leader", x -> leader());
    routes.get("/is-leader", "is-leader", x -> isLeader());
    routes.get("/members", "members", x -> members());
    routes.get("/member", "member", x -> HttpResult.json(200, json.write(member(cluster.self()))));
    routes.get("/status", "status", x -> status("true".equals(x.query("local"))));
  }

  /** Forms a one-node cluster of this node; a node that is already a member answers the same. */
  private HttpResult init() throws Exception {
    if (cluster.status(true).getState() != NodeState.MEMBER) {
      cluster.init(List.of());
    }
    return HttpResult.json(200, json.write(Map.of("status", "initialized")));
  }

  /**
   * {@code {"node_id":2,"rpc_addr":"host:port","api_addr":"host:port"}}: the seed gives the new
   * node's HTTP address; its Raft and gRPC addresses are asked from that node's {@code /member}.
   */
  private HttpResult addLearner(JsonNode body) throws Exception {
    String id = nodeId(body.get("node_id"), "node_id");
    String rpc = optionalText(body, "rpc_addr");
    String api = optionalText(body, "api_addr");
    Member member = null;
    List<String> tried = new ArrayList<>();
    for (String address : new LinkedHashSet<>(java.util.Arrays.asList(rpc, api))) {
      if (address == null || address.isEmpty()) {
        continue;
      }
      tried.add(address);
      member = fetchMember(address);
      if (member != null) {
        break;
      }
    }
    if (member == null) {
      throw new MembershipException(MembershipException.Reason.UNAVAILABLE, "cannot reach node " + id
          + " at " + (tried.isEmpty() ? "(no rpc_addr or api_addr given)" : tried)
          + ": it must be running, with its HTTP API at rpc_addr or api_addr");
    }
    if (!member.getId().equals(id)) {
      throw new InvalidRequestException("the node at " + tried.get(tried.size() - 1) + " has id " + member.getId()
          + ", not " + id);
    }
    cluster.addMember(member);
    return HttpResult.json(200, json.write(Map.of("status", "learner added")));
  }

  private Member fetchMember(String address) {
    String target = address.contains("://") ? address : scheme + address;
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(target + "/member"))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return null;
      }
      JsonNode node = mapper.readTree(response.body());
      return Member.newBuilder().setId(node.path("id").asText()).setRaftAddress(node.path("raft_address").asText())
          .setApiAddress(node.path("api_address").asText()).setHttpAddress(node.path("http_address").asText())
          .build();
    } catch (java.io.IOException | IllegalArgumentException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** {@code [1,2,3]}: exactly these nodes become the voters. */
  private HttpResult changeMembership(JsonNode body) throws Exception {
    if (!body.isArray()) {
      throw new InvalidRequestException("/change-membership takes a JSON array of node ids, e.g. [1,2,3]");
    }
    Set<String> voters = new LinkedHashSet<>();
    for (JsonNode id : body) {
      voters.add(nodeId(id, "each element"));
    }
    cluster.changeVoters(voters);
    return HttpResult.json(200, json.write(Map.of("status", "membership changed")));
  }

  private HttpResult leader() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("leader", renderId(cluster.status(true).getLeaderId()));
    return HttpResult.json(200, json.write(body));
  }

  private HttpResult isLeader() {
    GetClusterStatusResponse status = cluster.status(true);
    boolean leader = !status.getLeaderId().isEmpty() && status.getLeaderId().equals(status.getNodeId());
    return HttpResult.json(200, json.write(Map.of("is_leader", leader)));
  }

  private HttpResult members() {
    List<Map<String, Object>> members = new ArrayList<>();
    for (MemberStatus m : cluster.status(true).getMembersList()) {
      Map<String, Object> entry = member(m.getMember());
      entry.put("role", m.getRole().name());
      entry.put("voter", m.getVoter());
      members.add(entry);
    }
    return HttpResult.json(200, json.write(Map.of("members", members)));
  }

  private HttpResult status(boolean localOnly) throws Exception {
    String body = JsonFormat.printer().preservingProtoFieldNames().alwaysPrintFieldsWithNoPresence()
        .print(cluster.status(localOnly));
    return HttpResult.json(200, body);
  }

  private static Map<String, Object> member(Member m) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", m.getId());
    entry.put("raft_address", m.getRaftAddress());
    entry.put("api_address", m.getApiAddress());
    entry.put("http_address", m.getHttpAddress());
    return entry;
  }
}
