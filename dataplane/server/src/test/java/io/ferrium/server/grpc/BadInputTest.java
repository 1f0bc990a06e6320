package io.ferrium.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.NodeState;
import io.ferrium.api.v1.PromoteMemberRequest;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.RemoveMemberRequest;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.server.FerriumNode;
import io.ferrium.server.cluster.MiniCluster;
import io.ferrium.server.config.NodeConfig;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad input gets a clear gRPC error, and the node keeps serving. */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  @TempDir
  static Path dir;
  FerriumNode member;
  FerriumNode unjoined;
  ManagedChannel memberChannel;
  ManagedChannel unjoinedChannel;

  @BeforeAll
  void start() throws Exception {
    NodeConfig config = MiniCluster.testConfig("m1", dir.resolve("m1"));
    config.cluster.autoInit = true;
    config.storage.maxKeyBytes = 64;
    config.storage.maxValueBytes = 1024;
    config.storage.maxRequestBytes = 64 + 1024 + 1024;
    config.storage.maxTxnOps = 4;
    member = FerriumNode.start(config);
    unjoined = FerriumNode.start(MiniCluster.testConfig("u1", dir.resolve("u1")));
    memberChannel = NettyChannelBuilder.forTarget(member.self().getApiAddress()).usePlaintext().build();
    unjoinedChannel = NettyChannelBuilder.forTarget(unjoined.self().getApiAddress()).usePlaintext().build();
    Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
        kv().put(PutRequest.newBuilder().setKey(bytes("ready")).build()) != null);
  }

  @AfterAll
  void stop() {
    memberChannel.shutdownNow();
    unjoinedChannel.shutdownNow();
    member.close();
    unjoined.close();
  }

  /** A stub with a fresh deadline: a stub's deadline counts from its creation. */
  private KvServiceGrpc.KvServiceBlockingStub kv() {
    return KvServiceGrpc.newBlockingStub(memberChannel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static void assertStatus(Executable call, Status.Code code, String message) {
    assertThatThrownBy(call::execute).isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode()).isEqualTo(code))
        .hasMessageContaining(message);
  }

  private void assertStillServing() {
    kv().put(PutRequest.newBuilder().setKey(bytes("alive")).setValue(bytes("yes")).build());
    assertThat(kv().get(GetRequest.newBuilder().setKey(bytes("alive")).build()).getFound()).isTrue();
  }

  @Test
  void emptyKeyIsRejected() {
    assertStatus(() -> kv().put(PutRequest.newBuilder().setValue(bytes("v")).build()),
        Status.Code.INVALID_ARGUMENT, "key must not be empty");
    assertStatus(() -> kv().get(GetRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "key must not be empty");
    assertStillServing();
  }

  @Test
  void oversizedKeyAndValueAreRejectedNamingTheLimit() {
    assertStatus(() -> kv().put(PutRequest.newBuilder().setKey(bytes("k".repeat(65))).build()),
        Status.Code.INVALID_ARGUMENT, "storage.max-key-bytes");
    assertStatus(() -> kv().put(PutRequest.newBuilder().setKey(bytes("k"))
        .setValue(ByteString.copyFrom(new byte[1025])).build()), Status.Code.INVALID_ARGUMENT, "storage.max-value-bytes");
    assertStillServing();
  }

  @Test
  void messageBeyondTheTransportLimitIsRefusedAndTheNodeSurvives() {
    assertThatThrownBy(() -> kv().put(PutRequest.newBuilder().setKey(bytes("big"))
        .setValue(ByteString.copyFrom(new byte[4 * 1024 * 1024])).build()))
        .isInstanceOf(StatusRuntimeException.class)
        .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
            .isIn(Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED, Status.Code.UNAVAILABLE));
    assertStillServing();
  }

  @Test
  void malformedTxnsAreRejected() {
    assertStatus(() -> kv().txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder().setKey(bytes("k"))).build()),
        Status.Code.INVALID_ARGUMENT, "sets no target");
    assertStatus(() -> kv().txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder().setKey(bytes("k"))
        .setOperator(Compare.Operator.GREATER).setExists(true)).build()), Status.Code.INVALID_ARGUMENT, "existence");
    assertStatus(() -> kv().txn(TxnRequest.newBuilder().addSuccess(RequestOp.getDefaultInstance()).build()),
        Status.Code.INVALID_ARGUMENT, "is empty");
    TxnRequest.Builder tooMany = TxnRequest.newBuilder();
    for (int i = 0; i < 5; i++) {
      tooMany.addSuccess(RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(bytes("k" + i))));
    }
    assertStatus(() -> kv().txn(tooMany.build()), Status.Code.INVALID_ARGUMENT, "storage.max-txn-ops");
    assertStatus(() -> kv().txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder().setKey(bytes("k"))
        .setOperatorValue(42).setVersion(1)).build()), Status.Code.INVALID_ARGUMENT, "unknown operator");
    assertStillServing();
  }

  @Test
  void malformedScansAreRejected() {
    assertStatus(() -> kv().scan(ScanRequest.newBuilder().setPrefix(bytes("a")).setStart(bytes("b")).build()),
        Status.Code.INVALID_ARGUMENT, "both prefix and start/end");
    assertStatus(() -> kv().scan(ScanRequest.newBuilder().setLimit(1_000_000).build()),
        Status.Code.INVALID_ARGUMENT, "limit");
    assertStatus(() -> kv().scan(ScanRequest.newBuilder().setStart(bytes("z")).setEnd(bytes("a")).build()),
        Status.Code.INVALID_ARGUMENT, "before end");
    assertStatus(() -> kv().scan(ScanRequest.newBuilder().setPrefix(bytes("a")).setContinuation(bytes("b")).build()),
        Status.Code.INVALID_ARGUMENT, "continuation");
    assertStillServing();
  }

  @Test
  void kvRequestToAnUnjoinedNodeIsRefusedWithWhatToDo() {
    KvServiceGrpc.KvServiceBlockingStub onUnjoined = KvServiceGrpc.newBlockingStub(unjoinedChannel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    assertStatus(() -> onUnjoined.put(PutRequest.newBuilder().setKey(bytes("k")).build()),
        Status.Code.FAILED_PRECONDITION, "not a member of a cluster yet");
    ManagementServiceGrpc.ManagementServiceBlockingStub mgmt = ManagementServiceGrpc.newBlockingStub(unjoinedChannel)
        .withDeadlineAfter(30, TimeUnit.SECONDS);
    assertThat(mgmt.getClusterStatus(GetClusterStatusRequest.getDefaultInstance()).getState())
        .isEqualTo(NodeState.UNJOINED);
    HealthCheckResponse.ServingStatus kvHealth = HealthGrpc.newBlockingStub(unjoinedChannel)
        .check(HealthCheckRequest.newBuilder().setService(GrpcApiServer.KV_SERVICE).build()).getStatus();
    assertThat(kvHealth).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
    assertThat(HealthGrpc.newBlockingStub(unjoinedChannel).check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
  }

  @Test
  void badManagementRequestsAreRejected() {
    ManagementServiceGrpc.ManagementServiceBlockingStub mgmt = ManagementServiceGrpc.newBlockingStub(memberChannel)
        .withDeadlineAfter(60, TimeUnit.SECONDS);
    assertStatus(() -> mgmt.init(InitRequest.getDefaultInstance()), Status.Code.ALREADY_EXISTS, "already a member");
    assertStatus(() -> mgmt.addMember(AddMemberRequest.newBuilder().setMember(
        Member.newBuilder().setId("x").setRaftAddress("no-port")).build()), Status.Code.INVALID_ARGUMENT, "host:port");
    assertStatus(() -> mgmt.addMember(AddMemberRequest.newBuilder().setMember(
        Member.newBuilder().setId("bad id").setRaftAddress("h:1")).build()), Status.Code.INVALID_ARGUMENT, "member id");
    assertStatus(() -> mgmt.promoteMember(PromoteMemberRequest.newBuilder().setId("ghost").build()),
        Status.Code.NOT_FOUND, "no learner ghost");
    assertStatus(() -> mgmt.removeMember(RemoveMemberRequest.newBuilder().setId("m1").build()),
        Status.Code.INVALID_ARGUMENT, "last voter");
    ManagementServiceGrpc.ManagementServiceBlockingStub onUnjoined = ManagementServiceGrpc
        .newBlockingStub(unjoinedChannel).withDeadlineAfter(30, TimeUnit.SECONDS);
    assertStatus(() -> onUnjoined.init(InitRequest.newBuilder().addMembers(
        Member.newBuilder().setId("someone-else").setRaftAddress("127.0.0.1:1")).build()),
        Status.Code.INVALID_ARGUMENT, "must list the receiving node");
    assertStillServing();
  }

  @Test
  void addingAnUnreachableNodeFailsWithoutChangingMembership() {
    ManagementServiceGrpc.ManagementServiceBlockingStub mgmt = ManagementServiceGrpc.newBlockingStub(memberChannel)
        .withDeadlineAfter(90, TimeUnit.SECONDS);
    assertStatus(() -> mgmt.addMember(AddMemberRequest.newBuilder().setMember(
        Member.newBuilder().setId("down").setRaftAddress("127.0.0.1:1")).build()), Status.Code.UNAVAILABLE, "down");
    assertThat(mgmt.getClusterStatus(GetClusterStatusRequest.getDefaultInstance()).getMembersList())
        .extracting(m -> m.getMember().getId()).containsExactly("m1");
    assertStillServing();
  }
}
