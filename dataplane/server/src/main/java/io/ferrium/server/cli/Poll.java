package io.ferrium.server.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or time runs out; failures while polling count as "not yet". */
final class Poll {
  private Poll() {
  }

  static void until(Duration atMost, String what, Callable<Boolean> condition) {
    long deadline = System.nanoTime() + atMost.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
      } catch (IllegalStateException fatal) {
        throw fatal;
      } catch (Exception e) {
        last = e;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
    throw new IllegalStateException("timed out after " + atMost.toSeconds() + " s waiting for " + what
        + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
  }
}
