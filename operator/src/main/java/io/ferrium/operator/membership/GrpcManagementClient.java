package io.ferrium.operator.membership;

import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.ManagementServiceGrpc.ManagementServiceBlockingStub;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.PromoteMemberRequest;
import io.ferrium.api.v1.RemoveMemberRequest;
import io.ferrium.api.v1.TransferLeadershipRequest;
import io.ferrium.client.ChannelFactory;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** ManagementClient over gRPC, one cached channel per node address. */
public final class GrpcManagementClient implements ManagementClient {
  private final ChannelFactory channels;
  private final Duration statusTimeout;
  private final Duration changeTimeout;
  private final Map<String, ManagedChannel> open = new ConcurrentHashMap<>();

  public GrpcManagementClient(ChannelFactory channels, Duration statusTimeout, Duration changeTimeout) {
    this.channels = channels;
    this.statusTimeout = statusTimeout;
    this.changeTimeout = changeTimeout;
  }

  public static GrpcManagementClient plaintext() {
    return new GrpcManagementClient(ChannelFactory.PLAINTEXT, Duration.ofSeconds(3), Duration.ofSeconds(45));
  }

  @Override
  public GetClusterStatusResponse status(String apiAddress, boolean localOnly) {
    return stub(apiAddress, statusTimeout)
        .getClusterStatus(GetClusterStatusRequest.newBuilder().setLocalOnly(localOnly).build());
  }

  @Override
  public void init(String apiAddress, List<Member> members) {
    stub(apiAddress, changeTimeout).init(InitRequest.newBuilder().addAllMembers(members).build());
  }

  @Override
  public void addMember(String apiAddress, Member member) {
    stub(apiAddress, changeTimeout).addMember(AddMemberRequest.newBuilder().setMember(member).build());
  }

  @Override
  public void promote(String apiAddress, String id, long maxLag) {
    stub(apiAddress, changeTimeout).promoteMember(PromoteMemberRequest.newBuilder().setId(id).setMaxLag(maxLag).build());
  }

  @Override
  public void remove(String apiAddress, String id) {
    stub(apiAddress, changeTimeout).removeMember(RemoveMemberRequest.newBuilder().setId(id).build());
  }

  @Override
  public String transferLeadership(String apiAddress, String targetId) {
    return stub(apiAddress, changeTimeout)
        .transferLeadership(TransferLeadershipRequest.newBuilder().setTargetId(targetId).build())
        .getLeaderId();
  }

  private ManagementServiceBlockingStub stub(String address, Duration timeout) {
    ManagedChannel channel = open.computeIfAbsent(address, channels::open);
    return ManagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    open.values().forEach(ManagedChannel::shutdownNow);
    open.clear();
  }
}
