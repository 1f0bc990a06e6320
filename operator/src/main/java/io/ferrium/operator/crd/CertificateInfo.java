package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One certificate the cluster uses, as currently issued into its Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificateInfo {
  @JsonPropertyDescription("Name of the cert-manager Certificate (and of its Secret).")
  private String name;

  @JsonPropertyDescription("Serial number of the issued certificate, hexadecimal.")
  private String serialNumber;

  @JsonPropertyDescription("Expiry of the issued certificate (RFC 3339).")
  private String notAfter;

  @JsonPropertyDescription("Subject of the CA that issued it.")
  private String issuer;

  public CertificateInfo() {}

  public CertificateInfo(String name, String serialNumber, String notAfter, String issuer) {
    this.name = name;
    this.serialNumber = serialNumber;
    this.notAfter = notAfter;
    this.issuer = issuer;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSerialNumber() {
    return serialNumber;
  }

  public void setSerialNumber(String serialNumber) {
    this.serialNumber = serialNumber;
  }

  public String getNotAfter() {
    return notAfter;
  }

  public void setNotAfter(String notAfter) {
    this.notAfter = notAfter;
  }

  public String getIssuer() {
    return issuer;
  }

  public void setIssuer(String issuer) {
    this.issuer = issuer;
  }
}
