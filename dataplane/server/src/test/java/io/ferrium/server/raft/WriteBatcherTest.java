package io.ferrium.server.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.ResponseHeader;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.CommandResult;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class WriteBatcherTest {
  /** Records each replicated command and lets the test decide when it completes. */
  private final List<Command> sent = new ArrayList<>();
  private final List<CompletableFuture<CommandResult>> replies = new ArrayList<>();

  private CompletableFuture<CommandResult> replicate(Command command) {
    sent.add(command);
    CompletableFuture<CommandResult> reply = new CompletableFuture<>();
    replies.add(reply);
    return reply;
  }

  private static Op put(String key) {
    return Op.newBuilder().setPut(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key))).build();
  }

  /** The state machine's answer: one result per op, tagged with the op's key. */
  private static CommandResult answer(Command command, long revision) {
    CommandResult.Builder result = CommandResult.newBuilder().setRevision(revision);
    for (Op op : command.getOpsList()) {
      result.addResults(OpResult.newBuilder().setPut(PutResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setNodeId(op.getPut().getKey().toStringUtf8()))));
    }
    return result.build();
  }

  @Test
  void aLoneWriteIsSentAtOnceInItsOwnEntry() {
    WriteBatcher batcher = new WriteBatcher(this::replicate, Runnable::run, 1, 100, 1 << 20);
    CompletableFuture<WriteBatcher.WriteResult> result = batcher.submit(put("a"));
    assertThat(sent).hasSize(1);
    replies.get(0).complete(answer(sent.get(0), 7));
    assertThat(result.join().revision()).isEqualTo(7);
  }

  @Test
  void theNextBatchIsSentFromTheAfterReplyExecutorNeverFromTheReplyingThread() {
    List<Runnable> handedOff = new ArrayList<>();
    WriteBatcher batcher = new WriteBatcher(this::replicate, handedOff::add, 1, 100, 1 << 20);
    CompletableFuture<WriteBatcher.WriteResult> first = batcher.submit(put("first"));
    CompletableFuture<WriteBatcher.WriteResult> second = batcher.submit(put("second"));
    assertThat(sent).hasSize(1);

    replies.get(0).complete(answer(sent.get(0), 1));
    assertThat(first).isDone();
    assertThat(sent).as("the queued write is not sent from the replying thread").hasSize(1);
    assertThat(handedOff).hasSize(1);
    handedOff.get(0).run();
    assertThat(sent).hasSize(2);

    replies.get(1).complete(answer(sent.get(1), 2));
    assertThat(second.join().revision()).isEqualTo(2);
    assertThat(handedOff).as("nothing queued, nothing handed off").hasSize(1);
  }

  @Test
  void writesQueuedWhileEntriesAreInFlightShareTheNextEntryAndGetTheirOwnResults() {
    WriteBatcher batcher = new WriteBatcher(this::replicate, Runnable::run, 1, 100, 1 << 20);
    CompletableFuture<WriteBatcher.WriteResult> first = batcher.submit(put("first"));
    List<CompletableFuture<WriteBatcher.WriteResult>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      queued.add(batcher.submit(put("q" + i)));
    }
    assertThat(sent).hasSize(1);
    replies.get(0).complete(answer(sent.get(0), 1));
    assertThat(first.join().result().getPut().getHeader().getNodeId()).isEqualTo("first");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).getOpsCount()).isEqualTo(5);
    replies.get(1).complete(answer(sent.get(1), 2));
    for (int i = 0; i < 5; i++) {
      WriteBatcher.WriteResult r = queued.get(i).join();
      assertThat(r.result().getPut().getHeader().getNodeId()).isEqualTo("q" + i);
      assertThat(r.revision()).isEqualTo(2);
    }
  }

  @Test
  void entriesRespectTheOperationAndByteLimits() {
    WriteBatcher batcher = new WriteBatcher(this::replicate, Runnable::run, 1, 2, 1 << 20);
    batcher.submit(put("first"));
    for (int i = 0; i < 5; i++) {
      batcher.submit(put("q" + i));
    }
    replies.get(0).complete(answer(sent.get(0), 1));
    assertThat(sent.get(1).getOpsCount()).isEqualTo(2);

    WriteBatcher small = new WriteBatcher(this::replicate, Runnable::run, 1, 100, 1);
    sent.clear();
    replies.clear();
    small.submit(put("x"));
    small.submit(put("y"));
    small.submit(put("z"));
    replies.get(0).complete(answer(sent.get(0), 1));
    assertThat(sent.get(1).getOpsCount()).as("an op larger than the byte limit still travels, alone").isEqualTo(1);
  }

  @Test
  void aFailedEntryFailsEveryWriteInIt() {
    WriteBatcher batcher = new WriteBatcher(this::replicate, Runnable::run, 1, 100, 1 << 20);
    batcher.submit(put("first"));
    CompletableFuture<WriteBatcher.WriteResult> a = batcher.submit(put("a"));
    CompletableFuture<WriteBatcher.WriteResult> b = batcher.submit(put("b"));
    replies.get(0).complete(answer(sent.get(0), 1));
    replies.get(1).completeExceptionally(new IllegalStateException("no leader"));
    assertThatThrownBy(a::join).isInstanceOf(CompletionException.class).hasMessageContaining("no leader");
    assertThatThrownBy(b::join).isInstanceOf(CompletionException.class).hasMessageContaining("no leader");
    CompletableFuture<WriteBatcher.WriteResult> after = batcher.submit(put("after"));
    assertThat(sent).as("the batcher keeps working after a failure").hasSize(3);
    replies.get(2).complete(answer(sent.get(2), 3));
    assertThat(after.join().revision()).isEqualTo(3);
  }
}
