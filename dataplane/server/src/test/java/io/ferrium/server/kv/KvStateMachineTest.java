package io.ferrium.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvStateMachineTest {
  @TempDir
  Path dir;

  @Test
  void whenAppliedCompletesOnceTheAppliedIndexReachesIt() {
    KvStateMachine machine = new KvStateMachine(dir.resolve("db"),
        new RequestValidator(new RequestValidator.Limits(4096, 1 << 20, 2 << 20, 128)));
    machine.notifyTermIndexUpdated(1, 3);

    assertThat(machine.whenApplied(3)).as("already applied").isCompleted();
    CompletableFuture<Void> five = machine.whenApplied(5);
    CompletableFuture<Void> seven = machine.whenApplied(7);
    assertThat(five).isNotDone();

    machine.notifyTermIndexUpdated(1, 4);
    assertThat(five).isNotDone();
    machine.notifyTermIndexUpdated(1, 6);
    assertThat(five).isCompleted();
    assertThat(seven).isNotDone();
    machine.notifyTermIndexUpdated(2, 7);
    assertThat(seven).isCompleted();
  }
}
