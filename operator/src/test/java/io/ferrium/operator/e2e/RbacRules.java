package io.ferrium.operator.e2e;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * The operator's ClusterRole rules ({@code io/ferrium/operator/rbac-rules.yaml}) checked against
 * requests the mock API server received: each request becomes (API group, resource[/subresource],
 * verb) the way the API server authorizes it, and must be allowed by some rule. Discovery paths and
 * SelfSubjectRulesReviews are allowed to every authenticated user by the built-in roles.
 */
final class RbacRules {
  static final String RESOURCE = "/io/ferrium/operator/rbac-rules.yaml";

  /** What the API server checks a request against. */
  record Access(String group, String resource, String verb) {}

  private final List<PolicyRule> rules;

  private RbacRules(List<PolicyRule> rules) {
    this.rules = rules;
  }

  static RbacRules load() {
    try (InputStream in = RbacRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return new RbacRules(new KubernetesSerialization().unmarshal(in, new TypeReference<List<PolicyRule>>() { }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Why the request is not allowed, or empty if it is. */
  Optional<String> uncovered(RecordedRequest request) {
    Optional<Access> access = access(request.getMethod(), request.getPath());
    if (access.isEmpty()) {
      return Optional.empty();
    }
    Access a = access.get();
    boolean allowed = rules.stream().anyMatch(r -> r.getApiGroups().contains(a.group())
        && r.getResources().contains(a.resource()) && r.getVerbs().contains(a.verb()));
    return allowed ? Optional.empty() : Optional.of(request.getMethod() + " " + request.getPath() + " needs verb '"
        + a.verb() + "' on '" + a.resource() + "' in API group '" + a.group() + "', which " + RESOURCE + " does not grant");
  }

  /** Empty for requests every authenticated user may make (discovery, self-reviews). */
  static Optional<Access> access(String method, String pathAndQuery) {
    int q = pathAndQuery.indexOf('?');
    String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
    String[] parts = path.replaceAll("^/+|/+$", "").split("/");
    String group;
    int at;
    if (parts[0].equals("api") && parts.length >= 2) {
      group = "";
      at = 2;
    } else if (parts[0].equals("apis") && parts.length >= 3) {
      group = parts[1];
      at = 3;
    } else {
      return Optional.empty();
    }
    if (parts.length <= at) {
      return Optional.empty(); // discovery of a group version
    }
    if (parts[at].equals("namespaces") && parts.length >= at + 3) {
      at += 2;
    }
    String resource = parts[at];
    if (group.equals("authorization.k8s.io") && resource.startsWith("self")) {
      return Optional.empty();
    }
    boolean named = parts.length > at + 1;
    if (parts.length > at + 2) {
      resource = resource + "/" + parts[at + 2];
    }
    boolean watch = query.contains("watch=true") || query.contains("watch=1");
    String verb;
    switch (method) {
      case "GET":
        verb = watch ? "watch" : named ? "get" : "list";
        break;
      case "POST":
        verb = "create";
        break;
      case "PUT":
        verb = "update";
        break;
      case "PATCH":
        verb = "patch";
        break;
      case "DELETE":
        verb = named ? "delete" : "deletecollection";
        break;
      default:
        verb = method.toLowerCase(java.util.Locale.ROOT);
    }
    return Optional.of(new Access(group, resource, verb));
  }
}
