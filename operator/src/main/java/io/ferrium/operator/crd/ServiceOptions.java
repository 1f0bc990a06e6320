package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.Map;

/** The client Service, through which applications reach any node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceOptions {
  @Pattern("^(ClusterIP|NodePort|LoadBalancer)$")
  @JsonPropertyDescription("ClusterIP (default), NodePort or LoadBalancer.")
  private String type;

  @JsonPropertyDescription("Annotations of the client Service.")
  private Map<String, String> annotations;

  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
