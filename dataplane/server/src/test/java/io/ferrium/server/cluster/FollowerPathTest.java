package io.ferrium.server.cluster;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.client.ChannelFactory;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
        // A linearizable read first: the follower then holds the member registry that the cluster's
        // formation wrote, where it looks up the leader's address (until then it writes through Raft).
        assertThat(cluster.client(follower.id()).get("through-follower")).isEmpty();
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
   * With heartbeats 4 s apart, a linearizable read on a follower right after a write must not wait
   * for one: the follower learns the commit index it needs at once. Repeated, because the stall
   * this guards against needs the follower to be a little behind the leader when it asks.
   */
  @Test
  void followerReadRightAfterAWriteDoesNotWaitForAHeartbeat() throws Exception {
    runWithNewCluster(3, c -> {
      c.raft.electionTimeoutMinMs = 8_000;
      c.raft.electionTimeoutMaxMs = 9_000;
    }, cluster -> {
      String leader = cluster.awaitLeader();
      List<ManagedChannel> channels = cluster.peers().stream().filter(p -> !p.id().equals(leader))
          .map(p -> ChannelFactory.PLAINTEXT.open(p.apiAddress())).collect(Collectors.toList());
      try {
        for (int i = 0; i < 20; i++) {
          String value = "v" + i;
          cluster.client(leader).put("fresh", value);
          for (ManagedChannel channel : channels) {
            GetResponse read = KvServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
                .get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("fresh")).build());
            assertThat(read.getKv().getValue().toStringUtf8()).isEqualTo(value);
          }
        }
      } finally {
        channels.forEach(ManagedChannel::shutdownNow);
      }
    });
  }

  private static PutRequest put(String key, String value) {
    return PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value))
        .build();
  }
}
