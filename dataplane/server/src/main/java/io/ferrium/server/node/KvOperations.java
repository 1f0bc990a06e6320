package io.ferrium.server.node;

import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.DeleteResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.ResponseHeader;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.server.kv.RequestValidator;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import io.ferrium.server.proto.Query;
import io.ferrium.server.proto.QueryResult;
import io.ferrium.server.raft.NotJoinedException;
import io.ferrium.server.raft.RaftNode;
import io.ferrium.server.raft.ReadBarrier;
import io.ferrium.server.raft.WriteBatcher;
import com.google.common.util.concurrent.ListenableFuture;
import io.ferrium.api.v1.KvServiceGrpc.KvServiceFutureStub;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The node's key-value operations, shared by every API surface: validate, then write through Raft
 * or read with the requested consistency, and answer with a header. Failures complete the future
 * exceptionally with the node's own exception types; each surface maps them to its error format.
 */
public final class KvOperations {
  private final RaftNode node;
  private final RequestValidator validator;
  private final WriteBatcher writes;
  private final ReadBarrier reads;
  private final LeaderRelay relay;
  private final WriteAdmission admission;

  public KvOperations(RaftNode node, RequestValidator validator, WriteBatcher writes, LeaderRelay relay,
      WriteAdmission admission) {
    this.node = node;
    this.validator = validator;
    this.writes = writes;
    this.relay = relay;
    this.admission = admission;
    this.reads = new ReadBarrier(node::readBarrier);
  }

  public CompletableFuture<PutResponse> put(PutRequest request) {
    return put(request, false);
  }

  /** @param relayed the request was relayed here by another node, so it is not relayed again */
  public CompletableFuture<PutResponse> put(PutRequest request, boolean relayed) {
    return write(() -> validator.check(request), relayed, KvServiceFutureStub::put, request,
        Op.newBuilder().setPut(request).build(), (r, h) -> r.getPut().toBuilder().setHeader(h).build());
  }

  public CompletableFuture<DeleteResponse> delete(DeleteRequest request) {
    return delete(request, false);
  }

  public CompletableFuture<DeleteResponse> delete(DeleteRequest request, boolean relayed) {
    return write(() -> validator.check(request), relayed, KvServiceFutureStub::delete, request,
        Op.newBuilder().setDelete(request).build(), (r, h) -> r.getDelete().toBuilder().setHeader(h).build());
  }

  public CompletableFuture<TxnResponse> txn(TxnRequest request) {
    return txn(request, false);
  }

  public CompletableFuture<TxnResponse> txn(TxnRequest request, boolean relayed) {
    return write(() -> validator.check(request), relayed, KvServiceFutureStub::txn, request,
        Op.newBuilder().setTxn(request).build(), (r, h) -> r.getTxn().toBuilder().setHeader(h).build());
  }

  public CompletableFuture<GetResponse> get(GetRequest request) {
    return read(() -> validator.check(request), request.getConsistency(), Query.newBuilder().setGet(request).build(),
        r -> r.getGet().toBuilder().setHeader(header(r.getRevision())).build());
  }

  public CompletableFuture<ScanResponse> scan(ScanRequest request) {
    return read(() -> validator.check(request), request.getConsistency(), Query.newBuilder().setScan(request).build(),
        r -> r.getScan().toBuilder().setHeader(header(r.getRevision())).build());
  }

  /**
   * A write replicates through this node's group commit when it leads (or no leader is known: the
   * batcher's Raft client finds one); a follower relays it to the leader's client API instead.
   */
  private <Q, R> CompletableFuture<R> write(Runnable validate, boolean relayed,
      BiFunction<KvServiceFutureStub, Q, ListenableFuture<R>> method, Q request, Op op,
      BiFunction<OpResult, ResponseHeader, R> shape) {
    int bytes = op.getSerializedSize();
    try {
      requireJoined();
      validate.run();
      admission.acquire(bytes);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Optional<String> leader = relayed ? Optional.empty() : relay.leaderAddress();
    CompletableFuture<R> result = leader.isPresent() ? relay.send(leader.get(), method, request)
        : writes.submit(op).thenApply(w -> shape.apply(w.result(), header(w.revision())));
    result.whenComplete((r, e) -> admission.release(bytes));
    return result;
  }

  private <R> CompletableFuture<R> read(Runnable validate, Consistency consistency, Query query,
      Function<QueryResult, R> shape) {
    try {
      requireJoined();
      validate.run();
      if (consistency == Consistency.SERIALIZABLE) {
        // As is, once the writes this node answered before applying them are applied (at once, nearly always).
        return node.answeredWritesApplied().thenApply(applied -> shape.apply(node.stateMachine().read(query)));
      }
      return reads.await().thenApply(ready -> shape.apply(node.stateMachine().read(query)));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void requireJoined() {
    if (!node.isJoined()) {
      throw new NotJoinedException(node.selfId().toString());
    }
  }

  private ResponseHeader header(long revision) {
    ResponseHeader.Builder header = ResponseHeader.newBuilder()
        .setRevision(revision).setNodeId(node.selfId().toString());
    node.division().ifPresent(d -> {
      header.setRaftTerm(d.getInfo().getCurrentTerm());
      relay.leaderApiAddress(d.getInfo().getLeaderId()).ifPresent(header::setLeaderApiAddress);
    });
    return header.build();
  }
}
