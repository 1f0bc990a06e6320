package io.ferrium.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.TreeSet;

/** One verb on one resource of one API group: RBAC rules flattened, so that rule lists compare as sets. */
record Permission(String group, String resource, String verb) implements Comparable<Permission> {

  /** Every permission granted by a list of PolicyRules; rules with resourceNames or nonResourceURLs are refused. */
  static Set<Permission> of(JsonNode rules) {
    Set<Permission> permissions = new TreeSet<>();
    for (JsonNode rule : rules) {
      if (rule.has("resourceNames") || rule.has("nonResourceURLs")) {
        throw new AssertionError("unexpected rule shape (resourceNames or nonResourceURLs): " + rule);
      }
      for (JsonNode group : rule.path("apiGroups")) {
        for (JsonNode resource : rule.path("resources")) {
          for (JsonNode verb : rule.path("verbs")) {
            permissions.add(new Permission(group.asText(), resource.asText(), verb.asText()));
          }
        }
      }
    }
    return permissions;
  }

  @Override
  public int compareTo(Permission other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    return (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
  }
}
