package io.ferrium.server.cluster;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.MemberRole;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.TakeSnapshotRequest;
import io.ferrium.api.v1.TransferLeadershipRequest;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.Op;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(300)
class ClusterTest {

  @Test
  void writeOnAnyNodeIsReadLinearizablyOnEveryNode() throws Exception {
    runWithNewCluster(3, cluster -> {
      for (MiniCluster.Peer writer : cluster.peers()) {
        String key = "written-via-" + writer.id();
        cluster.client(writer.id()).put(key, "v-" + writer.id());
        for (MiniCluster.Peer reader : cluster.peers()) {
          assertThat(cluster.client(reader.id()).get(key)).as("read of %s on %s", key, reader.id())
              .contains("v-" + writer.id());
        }
      }
    });
  }

  @Test
  void killingTheLeaderElectsAnotherAndLosesNoAcknowledgedWrite() throws Exception {
    runWithNewCluster(3, cluster -> {
      FerriumClient client = cluster.client();
      for (int i = 0; i < 50; i++) {
        client.put("k" + i, "v" + i);
      }
      String oldLeader = cluster.awaitLeader();
      cluster.killServer(oldLeader);
      String newLeader = cluster.awaitLeader();
      assertThat(newLeader).isNotEqualTo(oldLeader);
      for (int i = 50; i < 60; i++) {
        client.put("k" + i, "v" + i);
      }
      for (int i = 0; i < 60; i++) {
        assertThat(client.get("k" + i)).contains("v" + i);
      }
      cluster.restartServer(oldLeader);
      MiniCluster.Peer back = cluster.peer(oldLeader);
      FerriumClient onRestarted = cluster.client(back.id());
      await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
          .until(() -> onRestarted.get("k59").orElse(""), "v59"::equals);
    });
  }

  @Test
  void restartAppliesNoEntryTwice() throws Exception {
    runWithNewCluster(1, cluster -> {
      FerriumClient client = cluster.client();
      for (int i = 0; i < 5; i++) {
        client.put("counter", "v" + i);
      }
      GetResponse before = client.get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("counter")).build());
      assertThat(before.getKv().getVersion()).isEqualTo(5);
      cluster.restartServer("n1");
      cluster.awaitLeader();
      GetResponse after = client.get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("counter")).build());
      assertThat(after.getKv().getVersion()).isEqualTo(5);
      assertThat(after.getKv().getModRevision()).isEqualTo(before.getKv().getModRevision());
      assertThat(after.getKv().getValue().toStringUtf8()).isEqualTo("v4");
    });
  }

  @Test
  void newPeerCatchesUpBySnapshotAfterTheLogWasPurged() throws Exception {
    // Small log segments and 8 KiB values: Ratis purges only closed segments.
    runWithNewCluster(3, config -> config.raft.logSegmentSizeMb = 1, cluster -> {
      FerriumClient client = cluster.client();
      String padding = "x".repeat(8 * 1024);
      for (int i = 0; i < 200; i++) {
        client.put(String.format("key-%04d", i), "value-" + i + padding);
      }
      String leader = cluster.awaitLeader();
      for (MiniCluster.Peer peer : cluster.peers()) {
        long index = cluster.management(peer.id()).takeSnapshot(TakeSnapshotRequest.getDefaultInstance()).getIndex();
        // The leader has applied every acknowledged write; a follower may still be a few entries behind.
        assertThat(index).isGreaterThanOrEqualTo(peer.id().equals(leader) ? 200 : 1);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> cluster.peer(leader).node().raft().division()
          .orElseThrow().getRaftLog().getStartIndex() > 1);

      MiniCluster.Peer added = cluster.addNewPeers(1).get(0);

      // The new peer's log starts after the snapshot: it never saw the purged entries one by one.
      assertThat(added.node().raft().division().orElseThrow().getRaftLog().getStartIndex()).isGreaterThan(1);
      FerriumClient onNew = cluster.client(added.id());
      GetResponse stale = onNew.get(GetRequest.newBuilder().setKey(ByteString.copyFromUtf8("key-0000"))
          .setConsistency(Consistency.SERIALIZABLE).build());
      assertThat(stale.getKv().getValue().toStringUtf8()).isEqualTo("value-0" + padding);
      assertThat(onNew.get("key-0199")).contains("value-199" + padding);
      GetClusterStatusResponse status = cluster.status(added.id());
      assertThat(status.getMembersList()).hasSize(4).allMatch(MemberStatus::getVoter);
    });
  }

  @Test
  void aLogOfLargeValuesIsSnapshottedAndPurgedByItsSizeAlone() throws Exception {
    runWithNewCluster(3, config -> {
      config.raft.logSegmentSizeMb = 1;
      config.storage.snapshotLogMb = 2;
      config.storage.snapshotThreshold = 1_000_000;
    }, cluster -> {
      FerriumClient client = cluster.client();
      String value = "x".repeat(64 * 1024);
      for (int i = 0; i < 80; i++) {
        client.put("large-" + i, value + i);
      }
      // 5 MiB of entries, far fewer than the entry threshold: only their size asks for snapshots.
      for (MiniCluster.Peer peer : cluster.peers()) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
          var division = cluster.peer(peer.id()).node().raft().division().orElseThrow();
          assertThat(division.getStateMachine().getLatestSnapshot()).as("snapshot on %s", peer.id()).isNotNull();
          assertThat(division.getRaftLog().getStartIndex()).as("log start on %s", peer.id()).isGreaterThan(1);
        });
      }
      assertThat(client.get("large-79")).contains(value + 79);
    });
  }

  @Test
  void removedPeerLeavesTheConfigurationAndTheClusterKeepsServing() throws Exception {
    runWithNewCluster(3, cluster -> {
      FerriumClient client = cluster.client();
      client.put("before", "1");
      String leader = cluster.awaitLeader();
      cluster.removePeer(leader);
      String newLeader = cluster.awaitLeader();
      assertThat(newLeader).isNotEqualTo(leader);
      GetClusterStatusResponse status = cluster.status(newLeader);
      assertThat(status.getMembersList()).extracting(m -> m.getMember().getId())
          .containsExactlyInAnyOrderElementsOf(cluster.peers().stream().map(MiniCluster.Peer::id)
              .collect(Collectors.toList()));
      client.put("after", "2");
      assertThat(client.get("before")).contains("1");
      assertThat(client.get("after")).contains("2");
    });
  }

  @Test
  void leadershipTransfersToTheChosenVoter() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      String target = cluster.peers().stream().map(MiniCluster.Peer::id).filter(id -> !id.equals(leader))
          .findFirst().orElseThrow();
      String reported = cluster.management(leader).transferLeadership(
          TransferLeadershipRequest.newBuilder().setTargetId(target).build()).getLeaderId();
      assertThat(reported).isEqualTo(target);
      assertThat(cluster.awaitLeader()).isEqualTo(target);
      GetClusterStatusResponse status = cluster.status(target);
      assertThat(status.getLeaderId()).isEqualTo(target);
      assertThat(status.getMembersList()).filteredOn(m -> m.getRole() == MemberRole.LEADER)
          .extracting(m -> m.getMember().getId()).containsExactly(target);
      cluster.client().put("after-transfer", "ok");
    });
  }

  @Test
  void compareAndSwapUnderConcurrentClientsHasExactlyOneWinner() throws Exception {
    runWithNewCluster(3, cluster -> {
      cluster.client().put("lock", "free");
      int contenders = 8;
      ExecutorService pool = Executors.newFixedThreadPool(contenders);
      try {
        List<Callable<Boolean>> attempts = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
          String me = "owner-" + i;
          FerriumClient client = cluster.client(cluster.peers().get(i % 3).id());
          attempts.add(() -> client.compareAndSwap("lock", Optional.of("free"), me));
        }
        List<Boolean> won = new ArrayList<>();
        for (Future<Boolean> f : pool.invokeAll(attempts)) {
          won.add(f.get());
        }
        assertThat(won.stream().filter(w -> w).count()).isEqualTo(1);
        String owner = cluster.client().get("lock").orElseThrow();
        assertThat(owner).isEqualTo("owner-" + won.indexOf(true));
      } finally {
        pool.shutdownNow();
      }
    });
  }

  @Test
  void clusterStatusReportsEveryMemberWithIndexes() throws Exception {
    runWithNewCluster(3, cluster -> {
      cluster.client().put("x", "y");
      String leader = cluster.awaitLeader();
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        GetClusterStatusResponse status = cluster.status("n2");
        assertThat(status.getLeaderId()).isEqualTo(leader);
        assertThat(status.getMembersList()).hasSize(3).allSatisfy(m -> {
          assertThat(m.getReachable()).isTrue();
          assertThat(m.getVoter()).isTrue();
          assertThat(m.getAppliedIndex()).isGreaterThan(0);
          assertThat(m.getMember().getApiAddress()).startsWith("127.0.0.1:");
        });
      });
    });
  }

  @Test
  void everyNodeForgetsTheRepliesOfItsOwnWritesButKeepsThoseARetryNeeds() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      FerriumClient client = cluster.client(leader);
      int writes = 200;
      for (int i = 0; i < writes; i++) {
        client.put("k" + i, "v" + i);
      }
      // Ratis would keep each write's reply in every node's retry cache for the whole expiry time
      // (30 s here), longer than this wait.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.peers())
          .allSatisfy(peer -> assertThat(retryCacheSize(peer)).as("replies cached on %s after %d writes", peer.id(),
              writes).isLessThan(writes / 10)));

      // Writes a follower sends through its Raft client may be retried after a failover: the other
      // nodes keep their replies, so that a retry is answered by a new leader instead of applied
      // twice. (The leader drops a reply once the client reports it received it: Ratis's client does.)
      MiniCluster.Peer follower = cluster.peers().stream().filter(p -> !p.id().equals(leader)).findFirst()
          .orElseThrow();
      int forwarded = 20;
      for (int i = 0; i < forwarded; i++) {
        Op put = Op.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("f" + i))
            .setValue(ByteString.copyFromUtf8("v"))).build();
        follower.node().raft().submit(Command.newBuilder().addOps(put).build()).get(60, TimeUnit.SECONDS);
      }
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.peers())
          .filteredOn(peer -> !peer.id().equals(leader))
          .allSatisfy(peer -> assertThat(retryCacheSize(peer)).as("replies cached on %s", peer.id())
              .isGreaterThanOrEqualTo(forwarded)));
    });
  }

  private static long retryCacheSize(MiniCluster.Peer peer) {
    return peer.node().raft().division().orElseThrow().getRetryCache().getStatistics().size();
  }
}
