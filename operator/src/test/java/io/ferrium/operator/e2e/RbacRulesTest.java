package io.ferrium.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How requests map to RBAC verbs, and that the rules file rejects what it does not grant. */
class RbacRulesTest {
  @Test
  void requestsMapToTheVerbsTheApiServerChecks() {
    assertThat(RbacRules.access("GET", "/apis/apps/v1/namespaces/test/statefulsets/sc"))
        .contains(new RbacRules.Access("apps", "statefulsets", "get"));
    assertThat(RbacRules.access("GET", "/apis/apps/v1/namespaces/test/statefulsets?labelSelector=x"))
        .contains(new RbacRules.Access("apps", "statefulsets", "list"));
    assertThat(RbacRules.access("GET", "/apis/ferrium.io/v1alpha1/ferriumclusters?watch=true&resourceVersion=1"))
        .contains(new RbacRules.Access("ferrium.io", "ferriumclusters", "watch"));
    assertThat(RbacRules.access("PATCH", "/apis/ferrium.io/v1alpha1/namespaces/test/ferriumclusters/sc/status"))
        .contains(new RbacRules.Access("ferrium.io", "ferriumclusters/status", "patch"));
    assertThat(RbacRules.access("POST", "/api/v1/namespaces/test/events"))
        .contains(new RbacRules.Access("", "events", "create"));
    assertThat(RbacRules.access("PUT", "/api/v1/namespaces/test/secrets/sc-trust"))
        .contains(new RbacRules.Access("", "secrets", "update"));
    assertThat(RbacRules.access("DELETE", "/api/v1/namespaces/test/pods"))
        .contains(new RbacRules.Access("", "pods", "deletecollection"));
    assertThat(RbacRules.access("GET", "/apis/cert-manager.io/v1")).isEmpty();
    assertThat(RbacRules.access("GET", "/apis")).isEmpty();
    assertThat(RbacRules.access("POST", "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")).isEmpty();
  }

  @Test
  void theRulesGrantWhatTheOperatorDoesAndNothingElse() {
    RbacRules rules = RbacRules.load();
    assertThat(rules.uncovered(request("PUT", "/apis/cert-manager.io/v1/namespaces/t/certificates/c/status"))).isEmpty();
    assertThat(rules.uncovered(request("GET", "/api/v1/namespaces/t/secrets/x"))).isEmpty();
    Optional<String> pods = rules.uncovered(request("DELETE", "/api/v1/namespaces/t/pods/x"));
    assertThat(pods).hasValueSatisfying(m -> assertThat(m)
        .isEqualTo("DELETE /api/v1/namespaces/t/pods/x needs verb 'delete' on 'pods' in API group '', which "
            + RbacRules.RESOURCE + " does not grant"));
    assertThat(rules.uncovered(request("DELETE", "/api/v1/namespaces/t/secrets/x"))).isPresent();
  }

  private static RecordedRequest request(String method, String path) {
    return new RecordedRequest("HTTP/1.1", HttpMethod.valueOf(method), path, new Headers.Builder().build(), null);
  }
}
