package io.ferrium.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.DeleteResponse;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.ResponseHeader;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Client of a Ferrium cluster: KV operations, blocking and asynchronous, over several endpoints.
 *
 * <p>Requests go to one endpoint at a time. When it is unreachable, or answers that it cannot serve
 * (no leader, not a member), the client moves to the next endpoint and retries, backing off between
 * rounds, until the request's time budget ({@link Builder#timeout}) runs out. Every node accepts every
 * request; writes and linearizable reads go first to the leader when an answer named it
 * ({@code ResponseHeader.leader_api_address}) and it is one of the endpoints, which saves the hop
 * from a follower to the leader. Serializable reads stay on the endpoint that answered last.
 *
 * <p>A write retried after a failover may have been applied by the first attempt (the node failed
 * after forwarding it). Puts and deletes are idempotent; use {@link #txn} with compares on
 * {@code mod_revision} when a duplicate matters.
 *
 * <p>The futures of the asynchronous API complete on the client's I/O threads. Code chained to them
 * with {@code thenApply}, {@code whenComplete} and the like runs there and must not block, nor call
 * the blocking API; chain with {@code thenApplyAsync(fn, executor)} for work that blocks.
 */
public final class FerriumClient implements AutoCloseable {
  private final Endpoints endpoints;
  private final Duration timeout;
  private final ScheduledExecutorService retryTimer;
  /** The TLS channel factory this client made from {@link Builder#tls} and must close; else null. */
  private final TlsChannelFactory ownedTls;

  private FerriumClient(Builder builder) {
    this.ownedTls = builder.tls == null ? null : ChannelFactory.tls(builder.tls);
    this.endpoints = new Endpoints(builder.endpoints, ownedTls != null ? ownedTls : builder.channelFactory);
    this.timeout = builder.timeout;
    this.retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ferrium-client-retry");
      t.setDaemon(true);
      return t;
    });
  }

  /** A client of the cluster reachable at these {@code host:port} gRPC endpoints. */
  public static FerriumClient connect(String... endpoints) {
    return builder().endpoints(List.of(endpoints)).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---- blocking API ----

  public PutResponse put(String key, String value) {
    return put(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value)).build());
  }

  public PutResponse put(PutRequest request) {
    return join(putAsync(request));
  }

  /** Linearizable read of a key's value as UTF-8, empty if the key does not exist. */
  public Optional<String> get(String key) {
    GetResponse response = get(GetRequest.newBuilder().setKey(utf8(key)).build());
    return response.getFound() ? Optional.of(response.getKv().getValue().toStringUtf8()) : Optional.empty();
  }

  public GetResponse get(GetRequest request) {
    return join(getAsync(request));
  }

  public DeleteResponse delete(String key) {
    return delete(DeleteRequest.newBuilder().setKey(utf8(key)).build());
  }

  public DeleteResponse delete(DeleteRequest request) {
    return join(deleteAsync(request));
  }

  public ScanResponse scan(ScanRequest request) {
    return join(scanAsync(request));
  }

  public TxnResponse txn(TxnRequest request) {
    return join(txnAsync(request));
  }

  /**
   * Sets {@code key} to {@code newValue} only if its current value is {@code expected}; an empty
   * {@code expected} means "only if the key does not exist". Returns true if the swap happened.
   */
  public boolean compareAndSwap(String key, Optional<String> expected, String newValue) {
    Compare.Builder compare = Compare.newBuilder().setKey(utf8(key));
    if (expected.isPresent()) {
      compare.setOperator(Compare.Operator.EQUAL).setValue(utf8(expected.get()));
    } else {
      compare.setOperator(Compare.Operator.EQUAL).setExists(false);
    }
    TxnRequest txn = TxnRequest.newBuilder()
        .addCompare(compare)
        .addSuccess(RequestOp.newBuilder().setPut(
            PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(newValue))))
        .build();
    return txn(txn).getSucceeded();
  }

  /** The cluster status as seen by the first endpoint that answers. */
  public GetClusterStatusResponse clusterStatus() {
    return join(endpoints.call(ManagementServiceGrpc::newFutureStub,
        (stub, req) -> stub.getClusterStatus(req), GetClusterStatusRequest.getDefaultInstance(),
        deadline(), retryTimer));
  }

  // ---- asynchronous API ----

  public CompletableFuture<PutResponse> putAsync(PutRequest request) {
    return kv((stub, req) -> stub.put(req), request, PutResponse::getHeader, true);
  }

  public CompletableFuture<GetResponse> getAsync(GetRequest request) {
    return kv((stub, req) -> stub.get(req), request, GetResponse::getHeader,
        request.getConsistency() != Consistency.SERIALIZABLE);
  }

  public CompletableFuture<DeleteResponse> deleteAsync(DeleteRequest request) {
    return kv((stub, req) -> stub.delete(req), request, DeleteResponse::getHeader, true);
  }

  public CompletableFuture<ScanResponse> scanAsync(ScanRequest request) {
    return kv((stub, req) -> stub.scan(req), request, ScanResponse::getHeader,
        request.getConsistency() != Consistency.SERIALIZABLE);
  }

  public CompletableFuture<TxnResponse> txnAsync(TxnRequest request) {
    return kv((stub, req) -> stub.txn(req), request, TxnResponse::getHeader, true);
  }

  /** The value of a key, read with the given consistency. */
  public CompletableFuture<Optional<KeyValue>> getAsync(ByteString key, Consistency consistency) {
    return getAsync(GetRequest.newBuilder().setKey(key).setConsistency(consistency).build())
        .thenApply(r -> r.getFound() ? Optional.of(r.getKv()) : Optional.empty());
  }

  /** @param toLeader whether to try the leader first, when known (writes and linearizable reads) */
  private <Q, R> CompletableFuture<R> kv(
      BiFunction<KvServiceGrpc.KvServiceFutureStub, Q, ListenableFuture<R>> method, Q request,
      Function<R, ResponseHeader> header, boolean toLeader) {
    return endpoints.call(KvServiceGrpc::newFutureStub, method, request, deadline(), retryTimer, toLeader)
        .thenApply(response -> {
          endpoints.leaderIs(header.apply(response).getLeaderApiAddress());
          return response;
        });
  }

  private long deadline() {
    return System.nanoTime() + timeout.toNanos();
  }

  private static <R> R join(CompletableFuture<R> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw e;
    }
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  /**
   * A ManagementService call with the same failover as key-value calls, e.g.
   * {@code client.management(ManagementServiceFutureStub::addMember, request)}.
   */
  public <Q, R> R management(
      BiFunction<ManagementServiceGrpc.ManagementServiceFutureStub, Q, ListenableFuture<R>> method, Q request) {
    return join(endpoints.call(ManagementServiceGrpc::newFutureStub, method, request, deadline(), retryTimer));
  }

  /** The endpoints this client was given, in order. */
  public List<String> endpoints() {
    return endpoints.addresses();
  }

  @Override
  public void close() {
    retryTimer.shutdownNow();
    endpoints.close();
    if (ownedTls != null) {
      ownedTls.close();
    }
  }

  /** Builds a {@link FerriumClient}. */
  public static final class Builder {
    private List<String> endpoints = List.of();
    private Duration timeout = Duration.ofSeconds(30);
    private ChannelFactory channelFactory = ChannelFactory.PLAINTEXT;
    private TlsClientOptions tls;

    /** The nodes' gRPC API addresses ({@code host:port}); at least one. */
    public Builder endpoints(List<String> endpoints) {
      this.endpoints = List.copyOf(endpoints);
      return this;
    }

    /** Total time a request may take across all retries and failovers (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** How channels to endpoints are made (plaintext by default); replaces any {@link #tls} setting. */
    public Builder channelFactory(ChannelFactory channelFactory) {
      this.channelFactory = channelFactory;
      this.tls = null;
      return this;
    }

    /**
     * Speak TLS (mutual TLS if the options carry a client certificate). The files are read by
     * {@link #build()}, which fails naming a bad one, and re-read when they change until the client
     * is closed. Replaces any {@link #channelFactory} setting.
     */
    public Builder tls(TlsClientOptions options) {
      this.tls = Objects.requireNonNull(options, "options");
      this.channelFactory = ChannelFactory.PLAINTEXT;
      return this;
    }

    /** TLS verifying the nodes' certificates against the CA bundle {@code caFile}. */
    public Builder tls(Path caFile) {
      return tls(TlsClientOptions.trusting(caFile));
    }

    /** Mutual TLS: verifies the nodes against {@code caFile} and presents this certificate and key. */
    public Builder mtls(Path caFile, Path certificateFile, Path keyFile) {
      return tls(TlsClientOptions.mutual(caFile, certificateFile, keyFile));
    }

    public FerriumClient build() {
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("FerriumClient needs at least one endpoint (host:port)");
      }
      return new FerriumClient(this);
    }
  }

  /** Whether a failed attempt may be retried on another endpoint. */
  static boolean retryable(Status.Code code) {
    return code == Status.Code.UNAVAILABLE || code == Status.Code.FAILED_PRECONDITION;
  }

  /** Adapts a Guava future to a CompletableFuture. */
  static <R> CompletableFuture<R> toCompletable(ListenableFuture<R> listenable) {
    CompletableFuture<R> future = new CompletableFuture<>();
    Futures.addCallback(listenable, new FutureCallback<>() {
      @Override
      public void onSuccess(R result) {
        future.complete(result);
      }

      @Override
      public void onFailure(Throwable t) {
        future.completeExceptionally(t);
      }
    }, MoreExecutors.directExecutor());
    return future;
  }

  /**
   * The exception for a request whose {@code last} attempt failed. When that attempt ran out of time
   * while the client was retrying an earlier failure ({@code retried}, else null), that failure is the
   * one worth reading (a node down, a certificate refused): its code and message are reported, and the
   * timeout is attached as suppressed.
   */
  static FerriumClientException failure(String what, Throwable last, Throwable retried) {
    boolean timedOutRetrying = retried != null
        && Status.fromThrowable(last).getCode() == Status.Code.DEADLINE_EXCEEDED;
    Throwable reported = timedOutRetrying ? retried : last;
    Status status = Status.fromThrowable(reported);
    String detail = status.getDescription() != null ? status.getDescription() : String.valueOf(reported);
    String message = what + ": " + status.getCode() + ": " + detail
        + (timedOutRetrying ? " (retried until the request's time budget ran out)" : "");
    FerriumClientException exception = new FerriumClientException(message, status.getCode(), reported);
    if (timedOutRetrying) {
      exception.addSuppressed(last);
    }
    return exception;
  }

  static final AtomicInteger NEXT_START = new AtomicInteger();

  static long backoffMillis(int round) {
    return Math.min(1000, 50L << Math.min(round, 5));
  }

  static boolean expired(long deadlineNanos) {
    return System.nanoTime() - deadlineNanos >= 0;
  }

  static long remainingMillis(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }
}
