package io.ferrium.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeadlinesTest {
  @Test
  void aFutureStillPendingAtItsDeadlineFailsWithATimeout() {
    try (Deadlines deadlines = new Deadlines(Duration.ofMillis(10), "test-deadlines")) {
      CompletableFuture<String> never = deadlines.within(new CompletableFuture<>(), 50);
      CompletableFuture<String> later = deadlines.within(new CompletableFuture<>(), 60_000);

      await().atMost(Duration.ofSeconds(30)).until(never::isDone);
      assertThat(never).failsWithin(Duration.ZERO).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(TimeoutException.class);
      assertThat(later).isNotDone();
      assertThat(deadlines.pending()).isEqualTo(1);
    }
  }

  @Test
  void completedFuturesLeaveNothingBehind() {
    try (Deadlines deadlines = new Deadlines(Duration.ofHours(1), "test-deadlines")) {
      for (int i = 0; i < 10_000; i++) {
        CompletableFuture<Integer> f = deadlines.within(new CompletableFuture<>(), 10_000);
        f.complete(i);
        assertThat(f).isCompletedWithValue(i);
      }
      assertThat(deadlines.within(CompletableFuture.completedFuture(1), 10_000)).isCompletedWithValue(1);
      assertThat(deadlines.pending()).isZero();
    }
  }
}
