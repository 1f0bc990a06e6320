package io.ferrium.server.node;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.Member;
import io.ferrium.server.raft.RaftNode;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.stub.MetadataUtils;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.ratis.protocol.RaftPeerId;

/**
 * Relays a write that reaches a follower to the leader's client API, where it joins the leader's
 * group commit. One gRPC hop on a channel kept open, instead of a Ratis client request per batch:
 * writes through a follower cost about what writes to the leader cost.
 *
 * <p>A relayed request carries a header; the receiving node never relays it again, so two nodes
 * that disagree about the leader for a moment cannot pass a request back and forth. A failed relay
 * reaches the client as the leader's error (UNAVAILABLE when it cannot be reached), which the client
 * retries like any other.
 */
public final class LeaderRelay {
  private static final Metadata.Key<String> RELAYED_BY =
      Metadata.Key.of("ferrium-relayed-by", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Boolean> RELAYED = Context.key("ferrium-relayed");

  /** Marks calls that another node relayed, for {@link #isRelayed()}. */
  public static final ServerInterceptor MARK_RELAYED = new ServerInterceptor() {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      if (!headers.containsKey(RELAYED_BY)) {
        return next.startCall(call, headers);
      }
      return Contexts.interceptCall(Context.current().withValue(RELAYED, true), call, headers, next);
    }
  };

  private record Leader(RaftPeerId id, String apiAddress) {
  }

  private final RaftNode node;
  private final PeerChannels peers;
  private final Metadata header = new Metadata();
  private volatile Leader cached;

  public LeaderRelay(RaftNode node, PeerChannels peers) {
    this.node = node;
    this.peers = peers;
    header.put(RELAYED_BY, node.selfId().toString());
  }

  /** Whether the gRPC call being served was relayed by another node. */
  public static boolean isRelayed() {
    return Boolean.TRUE.equals(RELAYED.get());
  }

  /** The leader's client API address, when this node is joined, not the leader, and knows it. */
  public Optional<String> leaderAddress() {
    boolean follower = node.division()
        .map(d -> !d.getInfo().isLeader() && !node.selfId().equals(d.getInfo().getLeaderId()))
        .orElse(false);
    return follower ? leaderApiAddress() : Optional.empty();
  }

  /**
   * The leader's client API address (this node's own when it leads), as far as this node knows it:
   * empty before a leader is known or registered (the cluster is forming).
   */
  public Optional<String> leaderApiAddress() {
    return leaderApiAddress(node.division().map(d -> d.getInfo().getLeaderId()).orElse(null));
  }

  /** The client API address of {@code leaderId} (null: none known), as {@link #leaderApiAddress()}. */
  public Optional<String> leaderApiAddress(RaftPeerId leaderId) {
    if (leaderId == null) {
      return Optional.empty();
    }
    Leader known = cached;
    if (known == null || !known.id().equals(leaderId)) {
      String address = apiAddressOf(leaderId);
      if (address == null) {
        return Optional.empty();
      }
      known = new Leader(leaderId, address);
      cached = known;
    }
    return Optional.of(known.apiAddress());
  }

  private String apiAddressOf(RaftPeerId id) {
    return node.stateMachine().store()
        .flatMap(store -> store.members().stream().filter(m -> m.getId().equals(id.toString())).findFirst())
        .map(Member::getApiAddress)
        .filter(address -> !address.isEmpty())
        .orElse(null);
  }

  /** Sends {@code request} to the leader's KvService at {@code address}. */
  public <Q, R> CompletableFuture<R> send(String address,
      BiFunction<KvServiceGrpc.KvServiceFutureStub, Q, ListenableFuture<R>> method, Q request) {
    CompletableFuture<R> result = new CompletableFuture<>();
    try {
      KvServiceGrpc.KvServiceFutureStub stub = KvServiceGrpc.newFutureStub(peers.get(address))
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header))
          .withDeadlineAfter(node.requestTimeoutMs(), TimeUnit.MILLISECONDS);
      Futures.addCallback(method.apply(stub, request), new FutureCallback<R>() {
        @Override
        public void onSuccess(R response) {
          result.complete(response);
        }

        @Override
        public void onFailure(Throwable error) {
          // The registry may have a newer address for the leader by the next attempt.
          cached = null;
          result.completeExceptionally(error);
        }
      }, MoreExecutors.directExecutor());
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }
}
