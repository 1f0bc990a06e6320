package io.ferrium.server.raft;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static io.ferrium.server.raft.CommitPropagatingLogAppender.shouldSendCommit;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Optional;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc.RaftServerProtocolServiceStub;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerRpcWithProxy;
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

  @Test
  void findsThePeerClientStubsItSwitches() {
    assertThat(CommitPropagatingLogAppender.STUBS).as("GrpcServerProtocolClient's stub fields in this Ratis version")
        .hasSize(2).allSatisfy(stub -> assertThat(stub).isPresent());
  }

  @Test
  void findsTheRatisMethodAndStreamFieldsItSendsInlineWith() {
    assertThat(CommitPropagatingLogAppender.APPEND_LOG).as("GrpcLogAppender's appendLog(boolean)").isPresent();
    assertThat(CommitPropagatingLogAppender.STREAMS).as("GrpcLogAppender's appendLogRequestObserver").isPresent();
    assertThat(CommitPropagatingLogAppender.STREAM).as("GrpcLogAppender.StreamObservers's appendLog").isPresent();
  }

  @Test
  void theLeaderHandlesFollowersAnswersOnTheIoThreadsThatReadThem() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      cluster.client(leader).put("warm", "up");
      RaftServer.Division division = cluster.peer(leader).node().raft().division().orElseThrow();
      RaftServerRpcWithProxy<?, ?> rpc = (RaftServerRpcWithProxy<?, ?>) division.getRaftServer().getServerRpc();
      for (var follower : cluster.peers()) {
        if (follower.id().equals(leader)) {
          continue;
        }
        Object client = rpc.getProxies().getProxy(RaftPeerId.valueOf(follower.id()));
        for (Optional<Field> stub : CommitPropagatingLogAppender.STUBS) {
          RaftServerProtocolServiceStub s = (RaftServerProtocolServiceStub) stub.orElseThrow().get(client);
          assertThat(s.getCallOptions().getExecutor()).as("%s to %s", stub.get().getName(), follower.id())
              .isSameAs(IoThreadAnswers.EXECUTOR);
        }
      }
      long before = IoThreadAnswers.INLINE.sum();
      int writes = 50;
      for (int i = 0; i < writes; i++) {
        cluster.client(leader).put("k" + i, "v" + i);
      }
      // Two followers answer each write; each answer may be handled on the I/O thread that read it.
      assertThat(IoThreadAnswers.INLINE.sum() - before).as("answers handled on an I/O thread")
          .isGreaterThanOrEqualTo(writes);
      assertThat(cluster.client(leader).get("k" + (writes - 1))).contains("v" + (writes - 1));
    });
  }
}
