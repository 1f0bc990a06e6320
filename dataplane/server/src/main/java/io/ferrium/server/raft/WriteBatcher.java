package io.ferrium.server.raft;

import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.CommandResult;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Group commit: concurrent writes share Raft entries. A write is sent at once when fewer than
 * {@code maxInFlight} entries are in flight; otherwise it waits for the next entry, which carries
 * every write queued meanwhile (up to {@code maxOps} and {@code maxBytes}). A lone client sees no
 * added delay; under load the per-entry cost of Raft is shared by many writes.
 */
public final class WriteBatcher {
  private record Pending(Op op, int size, CompletableFuture<WriteResult> result) {
  }

  /** One write's result and the revision at which its entry was applied. */
  public record WriteResult(OpResult result, long revision) {
  }

  private final Function<Command, CompletableFuture<CommandResult>> replicate;
  private final Executor afterReply;
  private final int maxInFlight;
  private final int maxOps;
  private final int maxBytes;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param replicate sends one command through Raft, e.g. {@link RaftNode#submitAnsweredInline}
   * @param afterReply where the next batch is sent from when a reply completes on a thread that
   *     must not call back into Raft
   */
  public WriteBatcher(Function<Command, CompletableFuture<CommandResult>> replicate, Executor afterReply,
      int maxInFlight, int maxOps, int maxBytes) {
    this.replicate = replicate;
    this.afterReply = afterReply;
    this.maxInFlight = maxInFlight;
    this.maxOps = maxOps;
    this.maxBytes = maxBytes;
  }

  public CompletableFuture<WriteResult> submit(Op op) {
    Pending pending = new Pending(op, op.getSerializedSize(), new CompletableFuture<>());
    synchronized (this) {
      queue.add(pending);
    }
    drain();
    return pending.result();
  }

  private void drain() {
    while (true) {
      List<Pending> batch = nextBatch();
      if (batch == null) {
        return;
      }
      Command.Builder command = Command.newBuilder();
      batch.forEach(p -> command.addOps(p.op()));
      CompletableFuture<CommandResult> sent;
      try {
        sent = replicate.apply(command.build());
      } catch (RuntimeException e) {
        sent = CompletableFuture.failedFuture(e);
      }
      sent.whenComplete((result, error) -> {
        boolean more;
        synchronized (this) {
          inFlight--;
          more = !queue.isEmpty();
        }
        complete(batch, result, error);
        // Writes that found every slot taken wait for a reply like this one. They are sent from
        // the executor: the replying thread may be one of Ratis's, which must not call back in.
        if (more) {
          afterReply.execute(this::drain);
        }
      });
    }
  }

  private synchronized List<Pending> nextBatch() {
    if (queue.isEmpty() || inFlight >= maxInFlight) {
      return null;
    }
    List<Pending> batch = new ArrayList<>();
    int bytes = 0;
    while (!queue.isEmpty() && batch.size() < maxOps
        && (batch.isEmpty() || bytes + queue.peek().size() <= maxBytes)) {
      Pending next = queue.poll();
      bytes += next.size();
      batch.add(next);
    }
    inFlight++;
    return batch;
  }

  private static void complete(List<Pending> batch, CommandResult result, Throwable error) {
    if (error == null && result.getResultsCount() != batch.size()) {
      error = new IllegalStateException("the state machine returned " + result.getResultsCount()
          + " results for " + batch.size() + " operations");
    }
    for (int i = 0; i < batch.size(); i++) {
      if (error != null) {
        batch.get(i).result().completeExceptionally(error);
      } else {
        batch.get(i).result().complete(new WriteResult(result.getResults(i), result.getRevision()));
      }
    }
  }
}
