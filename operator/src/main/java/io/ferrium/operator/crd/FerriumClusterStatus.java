package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed, written after every reconciliation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FerriumClusterStatus {
  @JsonPropertyDescription("Pending, Initializing, Scaling, Running, Degraded or Invalid.")
  @PrinterColumn(name = "Phase", priority = 0)
  private String phase;

  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @StatusReplicas
  @JsonPropertyDescription("Number of Raft voters.")
  private Integer replicas;

  @PrinterColumn(name = "Ready")
  @JsonPropertyDescription("Number of ready pods.")
  private Integer readyReplicas;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the pods, for the scale subresource.")
  private String selector;

  @PrinterColumn(name = "Leader")
  @JsonPropertyDescription("Id (pod name) of the current Raft leader.")
  private String leader;

  @JsonPropertyDescription("Raft group id, recorded once the cluster is formed; it is never formed again.")
  private String clusterId;

  @JsonPropertyDescription("Members of the Raft configuration.")
  private List<ClusterMember> members = new ArrayList<>();

  @JsonPropertyDescription("With TLS on: the pod and operator certificates currently issued.")
  private List<CertificateInfo> certificates;

  @JsonPropertyDescription("Ready, Progressing, Degraded and (with TLS on) CertificatesReady, in Kubernetes condition conventions.")
  private List<Condition> conditions = new ArrayList<>();

  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  public String getLeader() {
    return leader;
  }

  public void setLeader(String leader) {
    this.leader = leader;
  }

  public String getClusterId() {
    return clusterId;
  }

  public void setClusterId(String clusterId) {
    this.clusterId = clusterId;
  }

  public List<ClusterMember> getMembers() {
    return members;
  }

  public void setMembers(List<ClusterMember> members) {
    this.members = members;
  }

  public List<CertificateInfo> getCertificates() {
    return certificates;
  }

  public void setCertificates(List<CertificateInfo> certificates) {
    this.certificates = certificates;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
