package io.ferrium.server.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Shares ReadIndex rounds among concurrent linearizable reads. A read that arrives while a round
 * is in flight waits for the next one (the running round may have taken its index before the read
 * arrived); when a round completes, the next starts for every read queued meanwhile. Each read then
 * runs on the local store, which by then holds every write acknowledged before the read arrived.
 */
public final class ReadBarrier {
  private final Supplier<CompletableFuture<Void>> round;
  private boolean roundInFlight;
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();

  /** @param round one ReadIndex round, e.g. {@link RaftNode#readBarrier} */
  public ReadBarrier(Supplier<CompletableFuture<Void>> round) {
    this.round = round;
  }

  public CompletableFuture<Void> await() {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    boolean start;
    synchronized (this) {
      waiting.add(ready);
      start = !roundInFlight;
      roundInFlight = true;
    }
    if (start) {
      startRound();
    }
    return ready;
  }

  private void startRound() {
    List<CompletableFuture<Void>> readers;
    synchronized (this) {
      readers = waiting;
      waiting = new ArrayList<>();
    }
    CompletableFuture<Void> barrier;
    try {
      barrier = round.get();
    } catch (RuntimeException e) {
      barrier = CompletableFuture.failedFuture(e);
    }
    barrier.whenComplete((ok, error) -> {
      for (CompletableFuture<Void> read : readers) {
        if (error != null) {
          read.completeExceptionally(error);
        } else {
          read.complete(null);
        }
      }
      boolean again;
      synchronized (this) {
        again = !waiting.isEmpty();
        roundInFlight = again;
      }
      if (again) {
        startRound();
      }
    });
  }
}
