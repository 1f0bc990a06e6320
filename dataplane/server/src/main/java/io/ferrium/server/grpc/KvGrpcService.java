package io.ferrium.server.grpc;

import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.DeleteResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.ResponseHeader;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.server.kv.RequestValidator;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.CommandResult;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import io.ferrium.server.proto.Query;
import io.ferrium.server.proto.QueryResult;
import io.ferrium.server.raft.NotJoinedException;
import io.ferrium.server.raft.RaftNode;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** KvService: validates, then writes through Raft or reads with the requested consistency. */
public final class KvGrpcService extends KvServiceGrpc.KvServiceImplBase {
  private final RaftNode node;
  private final RequestValidator validator;

  public KvGrpcService(RaftNode node, RequestValidator validator) {
    this.node = node;
    this.validator = validator;
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> out) {
    write(() -> validator.check(request), Op.newBuilder().setPut(request).build(), out,
        (r, h) -> r.getPut().toBuilder().setHeader(h).build());
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
    write(() -> validator.check(request), Op.newBuilder().setDelete(request).build(), out,
        (r, h) -> r.getDelete().toBuilder().setHeader(h).build());
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
    write(() -> validator.check(request), Op.newBuilder().setTxn(request).build(), out,
        (r, h) -> r.getTxn().toBuilder().setHeader(h).build());
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> out) {
    read(() -> validator.check(request), request.getConsistency(), Query.newBuilder().setGet(request).build(), out,
        r -> r.getGet().toBuilder().setHeader(header(r.getRevision())).build());
  }

  @Override
  public void scan(ScanRequest request, StreamObserver<ScanResponse> out) {
    read(() -> validator.check(request), request.getConsistency(), Query.newBuilder().setScan(request).build(), out,
        r -> r.getScan().toBuilder().setHeader(header(r.getRevision())).build());
  }

  private interface Shaper<R> {
    R shape(OpResult result, ResponseHeader header);
  }

  private <R> void write(Runnable validate, Op op, StreamObserver<R> out, Shaper<R> shaper) {
    try {
      requireJoined();
      validate.run();
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e));
      return;
    }
    node.submit(Command.newBuilder().addOps(op).build()).whenComplete((result, error) -> {
      if (error != null) {
        out.onError(GrpcErrors.forWrite(error));
      } else if (result.getResultsCount() != 1) {
        out.onError(GrpcErrors.toStatus(new IllegalStateException("the state machine returned no result")));
      } else {
        out.onNext(shaper.shape(result.getResults(0), header(result)));
        out.onCompleted();
      }
    });
  }

  private <R> void read(Runnable validate, Consistency consistency, Query query, StreamObserver<R> out,
      Function<QueryResult, R> shaper) {
    CompletableFuture<QueryResult> result;
    try {
      requireJoined();
      validate.run();
      result = consistency == Consistency.SERIALIZABLE
          ? CompletableFuture.completedFuture(node.stateMachine().read(query))
          : node.readLinearizable(query);
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e));
      return;
    }
    result.whenComplete((r, error) -> {
      if (error != null) {
        out.onError(GrpcErrors.toStatus(error));
      } else {
        out.onNext(shaper.apply(r));
        out.onCompleted();
      }
    });
  }

  private void requireJoined() {
    if (!node.isJoined()) {
      throw new NotJoinedException(node.selfId().toString());
    }
  }

  private ResponseHeader header(CommandResult result) {
    return header(result.getRevision());
  }

  private ResponseHeader header(long revision) {
    ResponseHeader.Builder header = ResponseHeader.newBuilder()
        .setRevision(revision).setNodeId(node.selfId().toString());
    node.division().ifPresent(d -> header.setRaftTerm(d.getInfo().getCurrentTerm()));
    return header.build();
  }
}
