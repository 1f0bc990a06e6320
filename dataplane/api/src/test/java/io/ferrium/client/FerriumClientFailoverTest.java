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
import java.util.concurrent.atomic.AtomicReference;
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

  /** A node that answers puts as {@code status} says, naming {@code leader} as the leader. */
  private record FakeNode(AtomicInteger calls, AtomicReference<Status> status, AtomicReference<String> leader) {
  }

  private FakeNode node(String name, AtomicReference<String> leader) throws Exception {
    FakeNode node = new FakeNode(new AtomicInteger(), new AtomicReference<>(Status.OK), leader);
    servers.add(InProcessServerBuilder.forName(name).directExecutor().addService(new KvServiceGrpc.KvServiceImplBase() {
      @Override
      public void put(PutRequest request, StreamObserver<PutResponse> out) {
        node.calls().incrementAndGet();
        Status status = node.status().get();
        if (status.isOk()) {
          out.onNext(PutResponse.newBuilder().setHeader(ResponseHeader.newBuilder().setNodeId(name)
              .setLeaderApiAddress(node.leader().get())).build());
          out.onCompleted();
        } else {
          out.onError(status.asRuntimeException());
        }
      }
    }).build().start());
    return node;
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

  /** A node that answers its first put with {@code first}, then {@code later}; a null status never answers. */
  private void node(String name, Status first, Status later) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    servers.add(InProcessServerBuilder.forName(name).directExecutor().addService(new KvServiceGrpc.KvServiceImplBase() {
      @Override
      public void put(PutRequest request, StreamObserver<PutResponse> out) {
        Status status = calls.getAndIncrement() == 0 ? first : later;
        if (status != null) {
          out.onError(status.asRuntimeException());
        }
      }
    }).build().start());
  }

  @Test
  void aRetryCutShortByTheTimeoutReportsTheFailureItWasRetrying() throws Exception {
    node("refusing", Status.UNAVAILABLE.withDescription("certificate refused"), null);
    try (FerriumClient client = FerriumClient.builder().endpoints(List.of("refusing")).timeout(Duration.ofMillis(800))
        .channelFactory(name -> InProcessChannelBuilder.forName(name).directExecutor().build()).build()) {
      assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(FerriumClientException.class)
          .hasMessageContaining("UNAVAILABLE: certificate refused").hasMessageContaining("time budget ran out")
          .satisfies(e -> assertThat(((FerriumClientException) e).code()).isEqualTo(Status.Code.UNAVAILABLE))
          .satisfies(e -> assertThat(Status.fromThrowable(e.getSuppressed()[0]).getCode())
              .isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void aNodesOwnTimeoutIsReportedAsItIs() throws Exception {
    node("slow", Status.UNAVAILABLE.withDescription("no leader"),
        Status.DEADLINE_EXCEEDED.withDescription("the write was not confirmed in time"));
    try (FerriumClient client = client("slow")) {
      assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(FerriumClientException.class)
          .hasMessageContaining("not confirmed in time")
          .satisfies(e -> assertThat(((FerriumClientException) e).code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void writesGoToTheLeaderThatAnswersName() throws Exception {
    AtomicReference<String> leader = new AtomicReference<>("b");
    FakeNode a = node("a", leader);
    FakeNode b = node("b", leader);
    FakeNode c = node("c", leader);
    try (FerriumClient client = client("a", "b", "c")) {
      client.put("k", "first");
      int before = b.calls().get();
      for (int i = 0; i < 5; i++) {
        assertThat(client.put("k", "v" + i).getHeader().getNodeId()).isEqualTo("b");
      }
      assertThat(b.calls().get() - before).isEqualTo(5);

      // The leader fails; the next node that answers names the new leader, which gets the writes.
      b.status().set(Status.UNAVAILABLE.withDescription("connection refused"));
      leader.set("c");
      client.put("k", "during failover");
      int onA = a.calls().get();
      int onC = c.calls().get();
      for (int i = 0; i < 5; i++) {
        assertThat(client.put("k", "w" + i).getHeader().getNodeId()).isEqualTo("c");
      }
      assertThat(c.calls().get() - onC).isEqualTo(5);
      assertThat(a.calls().get()).isEqualTo(onA);
    }
  }

  @Test
  void aLeaderThatIsNotAnEndpointLeavesRoutingAlone() throws Exception {
    AtomicReference<String> leader = new AtomicReference<>("elsewhere:2379");
    FakeNode a = node("a", leader);
    FakeNode b = node("b", leader);
    try (FerriumClient client = client("a", "b")) {
      for (int i = 0; i < 4; i++) {
        client.put("k", "v" + i);
      }
    }
    // Sticky to the first endpoint that answered: all four on one node.
    assertThat(List.of(a.calls().get(), b.calls().get())).containsExactlyInAnyOrder(0, 4);
  }
}
