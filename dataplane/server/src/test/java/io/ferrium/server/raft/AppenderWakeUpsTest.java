package io.ferrium.server.raft;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.cluster.MiniCluster;
import java.time.Duration;
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

  @Test
  void aLoneWritersEntriesAreSentByTheThreadThatAppendedThemAndReachEveryFollower() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      FerriumClient client = cluster.client(leader);
      client.put("warm", "up");
      long inlineBefore = CommitPropagatingLogAppender.INLINE.sum();

      int writes = 100;
      for (int i = 0; i < writes; i++) {
        client.put("k" + i, "v" + i);
      }

      // Each write is committed by one follower's answer, so at least that follower has answered
      // everything when the next write comes: its entry goes out from the appending thread. (The
      // other follower's answer may still be on its way; then its appender's thread sends.)
      assertThat(CommitPropagatingLogAppender.INLINE.sum() - inlineBefore)
          .as("requests sent by the appending thread for %d sequential writes", writes)
          .isGreaterThanOrEqualTo(writes / 2);
      for (MiniCluster.Peer peer : cluster.peers()) {
        FerriumClient local = cluster.client(peer.id());
        for (int i = 0; i < writes; i++) {
          GetRequest read = GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("k" + i))
              .setConsistency(Consistency.SERIALIZABLE).build();
          String expected = "v" + i;
          await("k" + i + " on " + peer.id()).atMost(Duration.ofSeconds(30))
              .until(() -> local.get(read).getKv().getValue().toStringUtf8().equals(expected));
        }
      }
    });
  }
}
