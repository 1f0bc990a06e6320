package io.ferrium.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh operator harness (mock API server, operator, fake kubelet) around each test. */
abstract class OperatorTestBase {
  @TempDir
  Path root;
  OperatorHarness harness;

  @BeforeEach
  void startHarness() {
    harness = new OperatorHarness(root);
  }

  @AfterEach
  void stopHarness() throws InterruptedException {
    try {
      assertThat(harness.requestsNotCoveredByRbac()).as("operator requests that its RBAC rules do not allow").isEmpty();
      assertThat(harness.operatorRequests).as("operator requests seen by the RBAC check").hasPositiveValue();
    } finally {
      harness.close();
    }
  }
}
