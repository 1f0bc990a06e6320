package io.ferrium.server.cluster;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.client.ChannelFactory;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ratis.server.RaftServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a follower does with the requests it receives: relay writes, learn commits promptly. */
@Timeout(300)
class FollowerPathTest {

  @Test
  void followerRelaysWritesToTheLeaderButNeverRelaysARelayedWrite() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      MiniCluster.Peer follower = cluster.peers().stream().filter(p -> !p.id().equals(leader)).findFirst()
          .orElseThrow();
      ManagedChannel channel = ChannelFactory.PLAINTEXT.open(follower.apiAddress());
      try {
        KvServiceGrpc.KvServiceBlockingStub stub = KvServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS);
        PutResponse relayed = stub.put(put("through-follower", "1"));
        assertThat(relayed.getHeader().getNodeId()).as("the node that replicated the write").isEqualTo(leader);

        Metadata alreadyRelayed = new Metadata();
        alreadyRelayed.put(Metadata.Key.of("ferrium-relayed-by", Metadata.ASCII_STRING_MARSHALLER), "elsewhere");
        PutResponse kept = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(alreadyRelayed))
            .put(put("relayed-once", "2"));
        assertThat(kept.getHeader().getNodeId()).as("a relayed write is replicated where it arrives")
            .isEqualTo(follower.id());

        for (MiniCluster.Peer reader : cluster.peers()) {
          assertThat(cluster.client(reader.id()).get("through-follower")).contains("1");
          assertThat(cluster.client(reader.id()).get("relayed-once")).contains("2");
        }
      } finally {
        channel.shutdownNow();
      }
    });
  }

  /**
   * With heartbeats 4 s apart, followers must still learn each commit index at once: a
   * linearizable read on a follower waits for it. Three writes, so that a heartbeat that happens
   * to be due cannot make this pass by chance.
   */
  @Test
  void followersLearnTheCommitIndexWithoutWaitingForAHeartbeat() throws Exception {
    runWithNewCluster(3, c -> {
      c.raft.electionTimeoutMinMs = 8_000;
      c.raft.electionTimeoutMaxMs = 9_000;
    }, cluster -> {
      String leader = cluster.awaitLeader();
      List<RaftServer.Division> followers = cluster.peers().stream().filter(p -> !p.id().equals(leader))
          .map(p -> p.node().raft().division().orElseThrow()).collect(Collectors.toList());
      RaftServer.Division leaderDivision = cluster.peer(leader).node().raft().division().orElseThrow();
      for (int i = 0; i < 3; i++) {
        cluster.client(leader).put("commit-" + i, "v");
        long written = leaderDivision.getInfo().getLastAppliedIndex();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
            assertThat(followers).allSatisfy(f -> assertThat(f.getInfo().getLastAppliedIndex())
                .as("applied index of follower %s", f.getId()).isGreaterThanOrEqualTo(written)));
      }
      for (MiniCluster.Peer reader : cluster.peers()) {
        assertThat(cluster.client(reader.id()).get("commit-2")).contains("v");
      }
    });
  }

  private static PutRequest put(String key, String value) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value))
        .build();
  }
}
