package io.ferrium.operator.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** The persistent volume claim template of each pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
  /** A Kubernetes quantity with a binary or decimal suffix, like 10Gi or 500M. */
  public static final String SIZE_PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

  @Pattern(SIZE_PATTERN)
  @JsonPropertyDescription("Size of each pod's volume, a quantity such as 10Gi (default 1Gi).")
  private String size;

  @JsonPropertyDescription("Storage class of the volumes; the cluster default when empty.")
  private String storageClassName;

  public String getSize() {
    return size;
  }

  public void setSize(String size) {
    this.size = size;
  }

  public String getStorageClassName() {
    return storageClassName;
  }

  public void setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
  }
}
