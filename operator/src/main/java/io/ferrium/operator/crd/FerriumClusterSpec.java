package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the user asks for. Only {@code replicas} is required; everything else has a default. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FerriumClusterSpec {
  @Required
  @Min(1)
  @SpecReplicas
  @PrinterColumn(name = "Replicas")
  @JsonPropertyDescription("Number of Raft voters (pods). Odd numbers tolerate the most failures per pod.")
  private Integer replicas;

  @JsonPropertyDescription("Container image of the Ferrium node.")
  private String image;

  @JsonPropertyDescription("Persistent volume of each pod, holding the Raft log and the RocksDB store.")
  private StorageSpec storage;

  @JsonPropertyDescription("CPU and memory requests and limits of the node container. With a memory limit,"
      + " the operator sizes the JVM from it (heap 40 %, direct buffers 20 %) unless jvmOptions is set.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("JVM options of the node (its JAVA_TOOL_OPTIONS), replacing the ones the operator"
      + " derives from the memory limit, for example \"-Xmx1g -XX:MaxDirectMemorySize=512m\".")
  private String jvmOptions;

  @JsonPropertyDescription("TLS between clients, nodes and the operator: mutual TLS with certificates issued by cert-manager.")
  private TlsSpec tls;

  @JsonPropertyDescription("Extra node settings, as section.key: value (for example raft.election-timeout-min-ms: \"1500\").")
  private Map<String, String> config = new LinkedHashMap<>();

  @JsonPropertyDescription("Scheduling and metadata of the pods.")
  private PodOptions pod;

  @JsonPropertyDescription("The client Service.")
  private ServiceOptions service;

  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  public StorageSpec getStorage() {
    return storage;
  }

  public void setStorage(StorageSpec storage) {
    this.storage = storage;
  }

  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  public String getJvmOptions() {
    return jvmOptions;
  }

  public void setJvmOptions(String jvmOptions) {
    this.jvmOptions = jvmOptions;
  }

  public TlsSpec getTls() {
    return tls;
  }

  public void setTls(TlsSpec tls) {
    this.tls = tls;
  }

  public Map<String, String> getConfig() {
    return config;
  }

  public void setConfig(Map<String, String> config) {
    this.config = config;
  }

  public PodOptions getPod() {
    return pod;
  }

  public void setPod(PodOptions pod) {
    this.pod = pod;
  }

  public ServiceOptions getService() {
    return service;
  }

  public void setService(ServiceOptions service) {
    this.service = service;
  }
}
