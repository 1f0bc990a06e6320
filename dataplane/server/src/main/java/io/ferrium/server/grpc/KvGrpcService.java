package io.ferrium.server.grpc;

import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.DeleteResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.server.node.KvOperations;
import io.ferrium.server.node.LeaderRelay;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * KvService over gRPC: a thin adapter of {@link KvOperations}. Gets and writes run on the I/O thread
 * that received them (they read one key or start a Raft write); scans, which may read up to
 * {@link io.ferrium.server.kv.RequestValidator#MAX_SCAN_LIMIT} entries, run on {@code blocking}.
 */
public final class KvGrpcService extends KvServiceGrpc.KvServiceImplBase {
  private final KvOperations kv;
  private final Executor blocking;

  private KvGrpcService(KvOperations kv, Executor blocking) {
    this.kv = kv;
    this.blocking = blocking;
  }

  /** The service as served: relayed writes are recognised by their header ({@link LeaderRelay}). */
  public static BindableService of(KvOperations kv, Executor blocking) {
    ServerServiceDefinition definition = ServerInterceptors.intercept(new KvGrpcService(kv, blocking),
        LeaderRelay.MARK_RELAYED);
    return () -> definition;
  }

  @Override
  public void put(PutRequest request, StreamObserver<PutResponse> out) {
    reply(kv.put(request, LeaderRelay.isRelayed()), out, GrpcErrors::forWrite);
  }

  @Override
  public void delete(DeleteRequest request, StreamObserver<DeleteResponse> out) {
    reply(kv.delete(request, LeaderRelay.isRelayed()), out, GrpcErrors::forWrite);
  }

  @Override
  public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
    reply(kv.txn(request, LeaderRelay.isRelayed()), out, GrpcErrors::forWrite);
  }

  @Override
  public void get(GetRequest request, StreamObserver<GetResponse> out) {
    reply(kv.get(request), out, GrpcErrors::toStatus);
  }

  @Override
  public void scan(ScanRequest request, StreamObserver<ScanResponse> out) {
    reply(CompletableFuture.supplyAsync(() -> kv.scan(request), blocking).thenCompose(scan -> scan), out,
        GrpcErrors::toStatus);
  }

  private static <R> void reply(CompletableFuture<R> result, StreamObserver<R> out,
      Function<Throwable, StatusRuntimeException> errors) {
    result.whenComplete((response, error) -> {
      if (error != null) {
        out.onError(errors.apply(error));
      } else {
        out.onNext(response);
        out.onCompleted();
      }
    });
  }
}
