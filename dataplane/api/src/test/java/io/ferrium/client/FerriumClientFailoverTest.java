package io.ferrium.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.ResponseHeader;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FerriumClientFailoverTest {
  private final List<Server> servers = new ArrayList<>();

  /** A node that answers every put with {@code status}, or successfully when it is OK. */
  private AtomicInteger node(String name, Status status) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    servers.add(InProcessServerBuilder.forName(name).directExecutor().addService(new KvServiceGrpc.KvServiceImplBase() {
      @Override
      public void put(PutRequest request, StreamObserver<PutResponse> out) {
        calls.incrementAndGet();
        if (status.isOk()) {
          out.onNext(PutResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setNodeId(name)).build());
          out.onCompleted();
        } else {
          out.onError(status.asRuntimeException());
        }
      }
    }).build().start());
    return calls;
  }

  private static FerriumClient client(String... names) {
    return FerriumClient.builder().endpoints(List.of(names)).timeout(Duration.ofSeconds(5))
        .channelFactory(name -> InProcessChannelBuilder.forName(name).directExecutor().build()).build();
  }

  @AfterEach
  void stop() {
    servers.forEach(Server::shutdownNow);
  }

  @Test
  void unavailableNodesAreSkippedUntilOneAnswers() throws Exception {
    node("down", Status.UNAVAILABLE.withDescription("no leader"));
    node("unjoined", Status.FAILED_PRECONDITION.withDescription("not a member"));
    node("up", Status.OK);
    try (FerriumClient client = client("down", "unjoined", "up")) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.put("k", "v").getHeader().getNodeId()).isEqualTo("up");
      }
    }
  }

  @Test
  void aRejectedRequestIsNotRetriedElsewhere() throws Exception {
    AtomicInteger first = node("a", Status.INVALID_ARGUMENT.withDescription("key must not be empty"));
    AtomicInteger second = node("b", Status.INVALID_ARGUMENT.withDescription("key must not be empty"));
    try (FerriumClient client = client("a", "b")) {
      assertThatThrownBy(() -> client.put("", "v")).isInstanceOf(FerriumClientException.class)
          .hasMessageContaining("key must not be empty")
          .satisfies(e -> assertThat(((FerriumClientException) e).code()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
    assertThat(first.get() + second.get()).isEqualTo(1);
  }

  @Test
  void whenNoNodeAnswersTheErrorNamesTheEndpointsAfterTheTimeout() throws Exception {
    node("x", Status.UNAVAILABLE.withDescription("connection refused"));
    node("y", Status.UNAVAILABLE.withDescription("connection refused"));
    try (FerriumClient client = FerriumClient.builder().endpoints(List.of("x", "y")).timeout(Duration.ofMillis(800))
        .channelFactory(name -> InProcessChannelBuilder.forName(name).directExecutor().build()).build()) {
      assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(FerriumClientException.class)
          .hasMessageContaining("connection refused").hasMessageContaining("[x, y]");
    }
  }
}
