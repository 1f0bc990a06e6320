package io.ferrium.server.raft;

import static io.ferrium.server.cluster.MiniCluster.runWithNewCluster;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.CommandResult;
import io.ferrium.server.proto.Op;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.junit.jupiter.api.Test;

class CommittedAnswersTest {
  private final ClientId local = ClientId.randomId();
  private final CommittedAnswers answers = new CommittedAnswers();
  private final BaseStateMachine stateMachine = new BaseStateMachine();

  CommittedAnswersTest() {
    answers.localClient(local);
  }

  @Test
  void onlyCommandsOfPlainPutsAreAnsweredAtCommit() {
    Op put = Op.newBuilder().setPut(PutRequest.newBuilder().setKey(bytes("k"))).build();
    Op putWithPrevious = Op.newBuilder().setPut(PutRequest.newBuilder().setKey(bytes("k")).setPrevKv(true)).build();
    Op delete = Op.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(bytes("k"))).build();
    Op txn = Op.newBuilder().setTxn(TxnRequest.getDefaultInstance()).build();

    assertThat(CommittedAnswers.answerableAtCommit(Command.newBuilder().addOps(put).addOps(put).build())).isTrue();
    assertThat(CommittedAnswers.answerableAtCommit(Command.newBuilder().addOps(put).addOps(putWithPrevious).build()))
        .as("the previous key-value is known only when applied").isFalse();
    assertThat(CommittedAnswers.answerableAtCommit(Command.newBuilder().addOps(delete).build())).isFalse();
    assertThat(CommittedAnswers.answerableAtCommit(Command.newBuilder().addOps(txn).build())).isFalse();
    assertThat(CommittedAnswers.answerableAtCommit(Command.getDefaultInstance())).isFalse();
  }

  @Test
  void answersEachEntryOnceTheCommitIndexReachesIt() {
    CompletableFuture<CommandResult> first = answers.expect(1, 2);
    CompletableFuture<CommandResult> second = answers.expect(2, 1);
    appended(1, local, 5, 10);
    appended(2, local, 5, 11);

    answers.committed(9, 5);
    assertThat(first).isNotDone();
    answers.committed(10, 5);
    assertThat(first).isCompleted();
    assertThat(second).as("index 11 is not committed yet").isNotDone();
    assertThat(answers.answeredIndex()).isEqualTo(10);

    CommandResult result = first.join();
    assertThat(result.getRevision()).isEqualTo(10);
    assertThat(result.getResultsList()).hasSize(2)
        .allSatisfy(r -> assertThat(r.getPut()).isEqualTo(PutResponse.getDefaultInstance()));

    answers.committed(11, 5);
    assertThat(second.join().getRevision()).isEqualTo(11);
    assertThat(answers.answeredIndex()).isEqualTo(11);
  }

  @Test
  void anEntryOfAnotherTermIsLeftToTheReplyAfterItsApply() {
    CompletableFuture<CommandResult> old = answers.expect(1, 1);
    CompletableFuture<CommandResult> current = answers.expect(2, 1);
    appended(1, local, 4, 10);
    appended(2, local, 5, 11);

    // The leader of term 5 committed index 11: the entry appended at 10 in term 4 may have been replaced.
    answers.committed(11, 5);
    assertThat(old).isNotDone();
    assertThat(current.join().getRevision()).isEqualTo(11);
  }

  @Test
  void ignoresCallsItDoesNotExpectAndCallsOfOtherClients() {
    CompletableFuture<CommandResult> expected = answers.expect(7, 1);
    appended(7, ClientId.randomId(), 1, 3);
    appended(8, local, 1, 4);
    answers.committed(4, 1);
    assertThat(expected).as("appended by another client with the same call id").isNotDone();
    assertThat(answers.answeredIndex()).isZero();

    answers.forget(7);
    appended(7, local, 1, 5);
    answers.committed(5, 1);
    assertThat(expected).as("forgotten before it was appended").isNotDone();
  }

  @Test
  void appliedAndClearedEntriesAreNoLongerAnswered() {
    CompletableFuture<CommandResult> applied = answers.expect(1, 1);
    CompletableFuture<CommandResult> cleared = answers.expect(2, 1);
    appended(1, local, 1, 1);
    answers.applied(1);
    appended(2, local, 1, 2);
    answers.clear();

    answers.committed(2, 1);
    assertThat(applied).isNotDone();
    assertThat(cleared).isNotDone();
  }

  @Test
  void theLeaderAnswersPutsAtCommitAndStillReadsItsOwnWritesAtOnce() throws Exception {
    runWithNewCluster(3, cluster -> {
      String leader = cluster.awaitLeader();
      FerriumClient client = cluster.client(leader);
      client.put("warm", "up");
      long before = CommittedAnswers.EARLY.sum();

      int writes = 50;
      for (int i = 0; i < writes; i++) {
        client.put("k" + i, "v" + i);
        // Served by the leader from its state as is: the put must be applied by then.
        Optional<KeyValue> read = client.getAsync(bytes("k" + i), Consistency.SERIALIZABLE).get(30, TimeUnit.SECONDS);
        assertThat(read).as("serializable read of k%d right after its put", i)
            .map(kv -> kv.getValue().toStringUtf8()).contains("v" + i);
      }
      // Most: a put whose commit waited for the leader's own log sync is committed by Ratis's event
      // thread, and answered after its apply as before.
      assertThat(CommittedAnswers.EARLY.sum() - before).as("puts answered at their commit").isPositive();

      // Many in flight: commits and answers interleave with appends (this once deadlocked).
      List<CompletableFuture<PutResponse>> inFlight = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        inFlight.add(client.putAsync(PutRequest.newBuilder().setKey(bytes("c" + i)).setValue(bytes("w" + i)).build()));
      }
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (int i = 0; i < inFlight.size(); i += 50) {
        Optional<KeyValue> read = client.getAsync(bytes("c" + i), Consistency.SERIALIZABLE).get(30, TimeUnit.SECONDS);
        assertThat(read).map(kv -> kv.getValue().toStringUtf8()).contains("w" + i);
        assertThat(read.get().getModRevision()).isEqualTo(inFlight.get(i).join().getHeader().getRevision());
      }
    });
  }

  private void appended(long callId, ClientId client, long term, long index) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(client).setServerId(RaftPeerId.valueOf("n1")).setGroupId(RaftGroupId.randomId())
        .setCallId(callId).setMessage(() -> org.apache.ratis.thirdparty.com.google.protobuf.ByteString.EMPTY)
        .setType(RaftClientRequest.writeRequestType()).build();
    TransactionContext transaction = TransactionContext.newBuilder().setServerRole(RaftPeerRole.LEADER)
        .setStateMachine(stateMachine).setClientRequest(request)
        .setLogData(org.apache.ratis.thirdparty.com.google.protobuf.ByteString.EMPTY).build();
    answers.appended(transaction);
    transaction.initLogEntry(term, index);
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }
}
