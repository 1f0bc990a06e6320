package io.ferrium.server.raft;

import static io.ferrium.server.raft.CommitPropagatingLogAppender.shouldSendCommit;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.ratis.util.TimeoutExecutor;
import org.junit.jupiter.api.Test;

class CommitPropagatingLogAppenderTest {

  @Test
  void sendsTheCommitIndexToAFollowerThatWaitsForItAndCanUseIt() {
    assertThat(shouldSendCommit(10, 12, 12)).as("awaits 12, holds up to 12, committed 10").isTrue();
    assertThat(shouldSendCommit(10, 11, 12)).as("can commit 11 of the 12 it awaits").isTrue();
  }

  @Test
  void sendsNothingWhenNoReadWaitsOrTheFollowerCannotCommitMore() {
    assertThat(shouldSendCommit(12, 12, 12)).as("already committed what it awaits").isFalse();
    assertThat(shouldSendCommit(10, 10, 12)).as("holds no uncommitted entry yet: its next ack brings it").isFalse();
    assertThat(shouldSendCommit(10, 12, 0)).as("no read waits").isFalse();
    assertThat(shouldSendCommit(10, 12, 9)).as("awaits less than it has committed").isFalse();
  }

  @Test
  void findsTheRatisAppenderTimerItReplaces() {
    assertThat(CommitPropagatingLogAppender.SCHEDULER).as("GrpcLogAppender's field 'scheduler' in this Ratis version")
        .hasValueSatisfying(field -> assertThat(field.getType()).isEqualTo(TimeoutExecutor.class));
  }
}
