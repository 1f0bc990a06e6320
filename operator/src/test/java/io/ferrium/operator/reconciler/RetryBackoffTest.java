package io.ferrium.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  @Test
  void doublesUpToTheMaximumPerClusterAndStartsOverAfterAReset() {
    RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
    assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.next("b")).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(4));
    assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(5));
    for (int i = 0; i < 100; i++) {
      assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(5));
    }
    backoff.reset("a");
    assertThat(backoff.next("a")).isEqualTo(Duration.ofSeconds(1));
  }
}
