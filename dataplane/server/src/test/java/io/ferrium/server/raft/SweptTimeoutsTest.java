package io.ferrium.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.util.TimeDuration;
import org.junit.jupiter.api.Test;

class SweptTimeoutsTest {
  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }

  @Test
  void runsEachCheckOnceItsTimeoutHasPassedAndNotBefore() {
    List<String> ran = new CopyOnWriteArrayList<>();
    try (SweptTimeouts timeouts = new SweptTimeouts(Duration.ofMillis(10), "test-timeouts")) {
      timeouts.onTimeout(millis(60_000), () -> ran.add("late"), e -> ran.add("error"));
      timeouts.onTimeout(millis(50), () -> ran.add("a"), e -> ran.add("error"));
      timeouts.onTimeout(millis(20), () -> ran.add("b"), e -> ran.add("error"));
      assertThat(timeouts.getTaskCount()).isEqualTo(3);

      await().atMost(Duration.ofSeconds(30)).until(() -> timeouts.getTaskCount() == 1);
      assertThat(ran).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void aFailingCheckGoesToItsHandlerAndTheOthersStillRun() {
    List<Object> seen = new CopyOnWriteArrayList<>();
    try (SweptTimeouts timeouts = new SweptTimeouts(Duration.ofMillis(10), "test-timeouts")) {
      timeouts.onTimeout(millis(10), () -> {
        throw new IOException("boom");
      }, seen::add);
      timeouts.onTimeout(millis(10), () -> {
        throw new IllegalStateException("handler fails too");
      }, e -> {
        throw new IllegalArgumentException(e);
      });
      timeouts.onTimeout(millis(10), () -> seen.add("after"), seen::add);

      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 2);
      assertThat(seen.get(0)).isInstanceOf(IOException.class).hasFieldOrPropertyWithValue("message", "boom");
      assertThat(seen.get(1)).isEqualTo("after");
      assertThat(timeouts.getTaskCount()).isZero();
    }
  }
}
