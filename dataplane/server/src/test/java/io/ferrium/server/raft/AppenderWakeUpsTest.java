package io.ferrium.server.raft;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.client.FerriumClient;
import org.junit.jupiter.api.Test;

class AppenderWakeUpsTest {
  @Test
  void aLoneWritersEntriesWakeEachAppenderAboutOnceNotOnEveryCommitAndReply() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      FerriumClient client = cluster.client(leader);
      client.put("warm", "up");
      long signalledBefore = CommitPropagatingLogAppender.SIGNALLED.sum();
      long skippedBefore = CommitPropagatingLogAppender.SKIPPED.sum();

      int writes = 100;
      for (int i = 0; i < writes; i++) {
        client.put("k" + i, "v" + i);
      }

      long signalled = CommitPropagatingLogAppender.SIGNALLED.sum() - signalledBefore;
      long skipped = CommitPropagatingLogAppender.SKIPPED.sum() - skippedBefore;
      int appenders = 2;
      // Each write has one new entry for each of the two appenders to send. Ratis also signals each
      // on the commit and on replies: with every signal passed on, 1,000 wake-ups here.
      assertThat(signalled).as("appender wake-ups for %d sequential writes", writes)
          .isLessThanOrEqualTo(2L * appenders * writes);
      assertThat(skipped).as("signals skipped with nothing to send").isGreaterThanOrEqualTo((long) appenders * writes);
    });
  }
}
