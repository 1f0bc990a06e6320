package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * TLS settings; certificates come from cert-manager. With TLS on, every surface of every pod is
 * served over TLS (gRPC and Raft with mutual TLS) and certificates are renewed without restarts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TlsSpec {
  @JsonPropertyDescription("Serve every API and peer link over TLS.")
  private Boolean enabled;

  @JsonPropertyDescription("cert-manager Issuer or ClusterIssuer of the pod and operator certificates; when empty the operator creates a self-signed CA chain for the cluster.")
  private IssuerRef issuerRef;

  @JsonPropertyDescription("Lifetime of issued certificates, a Go duration such as 2160h (the default).")
  private String duration;

  @JsonPropertyDescription("How long before expiry certificates are renewed, a Go duration shorter than duration, such as 360h (the default).")
  private String renewBefore;

  public Boolean getEnabled() {
    return enabled;
  }

  public void setEnabled(Boolean enabled) {
    this.enabled = enabled;
  }

  public IssuerRef getIssuerRef() {
    return issuerRef;
  }

  public void setIssuerRef(IssuerRef issuerRef) {
    this.issuerRef = issuerRef;
  }

  public String getDuration() {
    return duration;
  }

  public void setDuration(String duration) {
    this.duration = duration;
  }

  public String getRenewBefore() {
    return renewBefore;
  }

  public void setRenewBefore(String renewBefore) {
    this.renewBefore = renewBefore;
  }

  /** A reference to a cert-manager Issuer or ClusterIssuer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class IssuerRef {
    @JsonPropertyDescription("Name of the issuer.")
    private String name;

    @JsonPropertyDescription("Issuer or ClusterIssuer (default Issuer).")
    private String kind;

    @JsonPropertyDescription("API group of the issuer (default cert-manager.io).")
    private String group;

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public String getKind() {
      return kind;
    }

    public void setKind(String kind) {
      this.kind = kind;
    }

    public String getGroup() {
      return group;
    }

    public void setGroup(String group) {
      this.group = group;
    }
  }
}
