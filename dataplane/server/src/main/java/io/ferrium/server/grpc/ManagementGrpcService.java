package io.ferrium.server.grpc;

import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.AddMemberResponse;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.InitResponse;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.PromoteMemberRequest;
import io.ferrium.api.v1.PromoteMemberResponse;
import io.ferrium.api.v1.RemoveMemberRequest;
import io.ferrium.api.v1.RemoveMemberResponse;
import io.ferrium.api.v1.TakeSnapshotRequest;
import io.ferrium.api.v1.TakeSnapshotResponse;
import io.ferrium.api.v1.TransferLeadershipRequest;
import io.ferrium.api.v1.TransferLeadershipResponse;
import io.ferrium.server.node.ClusterOperations;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * ManagementService over gRPC: a thin adapter of {@link ClusterOperations}. Its operations block
 * (a membership change waits for Raft), so they run on {@code blocking}, not on the I/O threads.
 */
public final class ManagementGrpcService extends ManagementServiceGrpc.ManagementServiceImplBase {
  private final ClusterOperations cluster;
  private final Executor blocking;

  public ManagementGrpcService(ClusterOperations cluster, Executor blocking) {
    this.cluster = cluster;
    this.blocking = blocking;
  }

  @FunctionalInterface
  private interface Action<R> {
    R run() throws IOException;
  }

  private <R> void reply(StreamObserver<R> out, Action<R> action) {
    blocking.execute(() -> run(out, action));
  }

  private static <R> void run(StreamObserver<R> out, Action<R> action) {
    R result;
    try {
      result = action.run();
    } catch (IOException | RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  @Override
  public void init(InitRequest request, StreamObserver<InitResponse> out) {
    reply(out, () -> InitResponse.newBuilder().addAllMembers(cluster.init(request.getMembersList())).build());
  }

  @Override
  public void addMember(AddMemberRequest request, StreamObserver<AddMemberResponse> out) {
    reply(out, () -> AddMemberResponse.newBuilder().addAllMembers(cluster.addMember(request.getMember())).build());
  }

  @Override
  public void promoteMember(PromoteMemberRequest request, StreamObserver<PromoteMemberResponse> out) {
    reply(out, () -> PromoteMemberResponse.newBuilder()
        .addAllMembers(cluster.promoteMember(request.getId(), request.getMaxLag())).build());
  }

  @Override
  public void removeMember(RemoveMemberRequest request, StreamObserver<RemoveMemberResponse> out) {
    reply(out, () -> RemoveMemberResponse.newBuilder().addAllMembers(cluster.removeMember(request.getId())).build());
  }

  @Override
  public void transferLeadership(TransferLeadershipRequest request, StreamObserver<TransferLeadershipResponse> out) {
    Optional<String> target = request.getTargetId().isEmpty() ? Optional.empty() : Optional.of(request.getTargetId());
    reply(out, () -> TransferLeadershipResponse.newBuilder().setLeaderId(cluster.transferLeadership(target)).build());
  }

  @Override
  public void getClusterStatus(GetClusterStatusRequest request, StreamObserver<GetClusterStatusResponse> out) {
    reply(out, () -> cluster.status(request.getLocalOnly()));
  }

  @Override
  public void takeSnapshot(TakeSnapshotRequest request, StreamObserver<TakeSnapshotResponse> out) {
    reply(out, () -> TakeSnapshotResponse.newBuilder().setIndex(cluster.takeSnapshot()).build());
  }
}
