package io.ferrium.server.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReadBarrierTest {
  private final List<CompletableFuture<Void>> rounds = new ArrayList<>();

  private CompletableFuture<Void> round() {
    CompletableFuture<Void> round = new CompletableFuture<>();
    rounds.add(round);
    return round;
  }

  @Test
  void readsArrivingDuringARoundWaitForTheNextOneAndShareIt() {
    ReadBarrier barrier = new ReadBarrier(this::round);
    CompletableFuture<Void> first = barrier.await();
    CompletableFuture<Void> second = barrier.await();
    CompletableFuture<Void> third = barrier.await();
    assertThat(rounds).hasSize(1);

    rounds.get(0).complete(null);
    assertThat(first).isCompleted();
    assertThat(second).as("arrived after the first round started: its index may predate this read").isNotDone();
    assertThat(rounds).hasSize(2);

    rounds.get(1).complete(null);
    assertThat(second).isCompleted();
    assertThat(third).isCompleted();
    assertThat(rounds).as("no round without readers").hasSize(2);
  }

  @Test
  void aFailedRoundFailsItsReadsAndTheNextReadStartsAFreshRound() {
    ReadBarrier barrier = new ReadBarrier(this::round);
    CompletableFuture<Void> read = barrier.await();
    rounds.get(0).completeExceptionally(new IllegalStateException("no leader"));
    assertThat(read).isCompletedExceptionally();
    CompletableFuture<Void> next = barrier.await();
    assertThat(rounds).hasSize(2);
    rounds.get(1).complete(null);
    assertThat(next).isCompleted();
  }
}
