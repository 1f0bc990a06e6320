package io.ferrium.client;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.AbstractStub;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The client's endpoints, their lazily opened channels, and failover between them. */
final class Endpoints implements AutoCloseable {
  private final List<String> addresses;
  private final ChannelFactory channelFactory;
  private final AtomicReferenceArray<ManagedChannel> channels;
  /** Index of the endpoint that answered last; requests start there. */
  private volatile int preferred;
  /** Index of the leader's endpoint, as the last answer named it; -1 when unknown or not an endpoint. */
  private volatile int leader = -1;

  Endpoints(List<String> addresses, ChannelFactory channelFactory) {
    this.addresses = List.copyOf(addresses);
    this.channelFactory = channelFactory;
    this.channels = new AtomicReferenceArray<>(addresses.size());
    this.preferred = Math.floorMod(FerriumClient.NEXT_START.getAndIncrement(), addresses.size());
  }

  List<String> addresses() {
    return addresses;
  }

  /** Records the leader's address from an answer; an address that is not an endpoint clears it. */
  void leaderIs(String address) {
    if (!address.isEmpty()) {
      leader = addresses.indexOf(address);
    }
  }

  /** Calls {@code method} on one endpoint after another until one answers or the deadline passes. */
  <S extends AbstractStub<S>, Q, R> CompletableFuture<R> call(Function<Channel, S> stubFactory,
      BiFunction<S, Q, ListenableFuture<R>> method, Q request, long deadlineNanos,
      ScheduledExecutorService timer) {
    return call(stubFactory, method, request, deadlineNanos, timer, false);
  }

  /** Like {@link #call}; starts at the leader's endpoint when {@code toLeader} and the leader is known. */
  <S extends AbstractStub<S>, Q, R> CompletableFuture<R> call(Function<Channel, S> stubFactory,
      BiFunction<S, Q, ListenableFuture<R>> method, Q request, long deadlineNanos,
      ScheduledExecutorService timer, boolean toLeader) {
    CompletableFuture<R> result = new CompletableFuture<>();
    int known = leader;
    int start = toLeader && known >= 0 ? known : preferred;
    attempt(stubFactory, method, request, deadlineNanos, timer, start, 0, null, result);
    return result;
  }

  private <S extends AbstractStub<S>, Q, R> void attempt(Function<Channel, S> stubFactory,
      BiFunction<S, Q, ListenableFuture<R>> method, Q request, long deadlineNanos,
      ScheduledExecutorService timer, int start, int attempt, Throwable retried, CompletableFuture<R> result) {
    int index = (start + attempt) % addresses.size();
    CompletableFuture<R> call;
    try {
      S stub = stubFactory.apply(channel(index))
          .withDeadlineAfter(FerriumClient.remainingMillis(deadlineNanos), TimeUnit.MILLISECONDS);
      call = FerriumClient.toCompletable(method.apply(stub, request));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((response, error) -> {
      if (error == null) {
        preferred = index;
        result.complete(response);
        return;
      }
      Status.Code code = Status.fromThrowable(error).getCode();
      if (FerriumClient.retryable(code) && leader == index) {
        // The leader we knew failed or stepped down; the next answer names the new one.
        leader = -1;
      }
      if (!FerriumClient.retryable(code) || FerriumClient.expired(deadlineNanos)) {
        String where = addresses.size() == 1 ? addresses.get(0)
            : addresses.get(index) + " (after " + (attempt + 1) + " attempts over " + addresses + ")";
        // A timeout from the client's own deadline (not a node's) hides what the retries were about.
        Throwable cause = FerriumClient.expired(deadlineNanos) ? retried : null;
        result.completeExceptionally(FerriumClient.failure("request to " + where + " failed", error, cause));
        return;
      }
      int next = attempt + 1;
      Runnable retry = () -> attempt(stubFactory, method, request, deadlineNanos, timer, start, next, error, result);
      if (next % addresses.size() == 0) {
        long delay = Math.min(FerriumClient.backoffMillis(next / addresses.size()),
            FerriumClient.remainingMillis(deadlineNanos));
        try {
          timer.schedule(retry, delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException closed) {
          result.completeExceptionally(FerriumClient.failure("client closed while retrying", error, null));
        }
      } else {
        retry.run();
      }
    });
  }

  private ManagedChannel channel(int index) {
    ManagedChannel channel = channels.get(index);
    if (channel == null) {
      ManagedChannel fresh = channelFactory.open(addresses.get(index));
      if (channels.compareAndSet(index, null, fresh)) {
        channel = fresh;
      } else {
        fresh.shutdownNow();
        channel = channels.get(index);
      }
    }
    return channel;
  }

  @Override
  public void close() {
    for (int i = 0; i < channels.length(); i++) {
      ManagedChannel channel = channels.getAndSet(i, null);
      if (channel != null) {
        channel.shutdown();
        try {
          if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
            channel.shutdownNow();
          }
        } catch (InterruptedException e) {
          channel.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
