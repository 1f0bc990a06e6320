package io.ferrium.server.raft;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.client.FerriumClient;
import org.junit.jupiter.api.Test;

class InlineCommitLeaderStateTest {
  @Test
  void findsTheRatisMethodsItCalls() {
    assertThat(InlineCommitLeaderState.UPDATE_COMMIT).as("LeaderStateImpl.updateCommit() in this Ratis version")
        .isPresent();
    assertThat(InlineCommitLeaderState.IS_RUNNING).as("LeaderStateImpl.isRunning() in this Ratis version")
        .isPresent();
  }

  @Test
  void followersAcknowledgementsCommitWritesOnTheReplyThreadAndMembershipChangesStillCommit() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      FerriumClient client = cluster.client(leader);
      client.put("warm", "up");
      long before = InlineCommitLeaderState.INLINE.sum();

      int writes = 50;
      for (int i = 0; i < writes; i++) {
        client.put("k" + i, "v" + i);
      }
      // Each write is acknowledged by two followers; the first acknowledgement commits it.
      assertThat(InlineCommitLeaderState.INLINE.sum() - before).as("commits advanced on a reply thread")
          .isGreaterThanOrEqualTo(writes);

      // A configuration change is committed by the leader's event thread, and writes go on after it.
      String follower = cluster.peers().stream().map(p -> p.id()).filter(id -> !id.equals(leader))
          .findFirst().orElseThrow();
      cluster.removePeer(follower);
      client.put("after", "removal");
      assertThat(client.get("after")).contains("removal");
      assertThat(client.get("k" + (writes - 1))).contains("v" + (writes - 1));
    });
  }
}
