package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One member of the Raft configuration, as the leader reported it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterMember {
  @JsonPropertyDescription("Node id: the pod name.")
  private String id;

  @JsonPropertyDescription("host:port of the member's gRPC API.")
  private String address;

  @JsonPropertyDescription("Leader, Follower, Candidate or Learner.")
  private String role;

  @JsonPropertyDescription("True when the member answered the leader's and the operator's status queries.")
  private Boolean healthy;

  @JsonPropertyDescription("Entries behind the leader's commit index.")
  private Long lag;

  public ClusterMember() {}

  public ClusterMember(String id, String address, String role, boolean healthy, long lag) {
    this.id = id;
    this.address = address;
    this.role = role;
    this.healthy = healthy;
    this.lag = lag;
  }

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getRole() {
    return role;
  }

  public void setRole(String role) {
    this.role = role;
  }

  public Boolean getHealthy() {
    return healthy;
  }

  public void setHealthy(Boolean healthy) {
    this.healthy = healthy;
  }

  public Long getLag() {
    return lag;
  }

  public void setLag(Long lag) {
    this.lag = lag;
  }
}
