package io.ferrium.server.grpc;

import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.AddMemberResponse;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.InitResponse;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.PromoteMemberRequest;
import io.ferrium.api.v1.PromoteMemberResponse;
import io.ferrium.api.v1.RemoveMemberRequest;
import io.ferrium.api.v1.RemoveMemberResponse;
import io.ferrium.api.v1.TakeSnapshotRequest;
import io.ferrium.api.v1.TakeSnapshotResponse;
import io.ferrium.api.v1.TransferLeadershipRequest;
import io.ferrium.api.v1.TransferLeadershipResponse;
import io.ferrium.server.kv.InvalidRequestException;
import io.ferrium.server.raft.Membership;
import io.ferrium.server.raft.NotJoinedException;
import io.ferrium.server.raft.RaftNode;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.ratis.protocol.RaftClientReply;

/** ManagementService: membership, leadership and snapshots; one change at a time on this node. */
public final class ManagementGrpcService extends ManagementServiceGrpc.ManagementServiceImplBase {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s:]+:\\d{1,5}");
  private static final long DEFAULT_MAX_LAG = 100;

  private final RaftNode node;
  private final Membership membership;
  private final ClusterStatusReporter status;
  private final Supplier<Member> self;
  private final Object changeLock = new Object();

  public ManagementGrpcService(RaftNode node, Membership membership, ClusterStatusReporter status,
      Supplier<Member> self) {
    this.node = node;
    this.membership = membership;
    this.status = status;
    this.self = self;
  }

  @FunctionalInterface
  private interface Action<R> {
    R run() throws IOException;
  }

  private <R> void change(StreamObserver<R> out, Action<R> action) {
    R result;
    try {
      synchronized (changeLock) {
        result = action.run();
      }
    } catch (IOException | RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e));
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }

  @Override
  public void init(InitRequest request, StreamObserver<InitResponse> out) {
    change(out, () -> {
      List<Member> members = request.getMembersCount() == 0 ? List.of(self.get()) : request.getMembersList();
      members.forEach(ManagementGrpcService::check);
      long distinct = members.stream().map(Member::getId).distinct().count();
      if (distinct != members.size()) {
        throw new InvalidRequestException("Init lists a member id twice");
      }
      return InitResponse.newBuilder().addAllMembers(membership.init(members)).build();
    });
  }

  @Override
  public void addMember(AddMemberRequest request, StreamObserver<AddMemberResponse> out) {
    change(out, () -> {
      check(request.getMember());
      membership.addLearner(request.getMember());
      return AddMemberResponse.newBuilder().addAllMembers(status.local().getMembersList()).build();
    });
  }

  @Override
  public void promoteMember(PromoteMemberRequest request, StreamObserver<PromoteMemberResponse> out) {
    change(out, () -> {
      checkId(request.getId());
      membership.promote(request.getId(), request.getMaxLag() == 0 ? DEFAULT_MAX_LAG : request.getMaxLag());
      return PromoteMemberResponse.newBuilder().addAllMembers(status.local().getMembersList()).build();
    });
  }

  @Override
  public void removeMember(RemoveMemberRequest request, StreamObserver<RemoveMemberResponse> out) {
    change(out, () -> {
      checkId(request.getId());
      membership.remove(request.getId());
      return RemoveMemberResponse.newBuilder().addAllMembers(status.local().getMembersList()).build();
    });
  }

  @Override
  public void transferLeadership(TransferLeadershipRequest request, StreamObserver<TransferLeadershipResponse> out) {
    change(out, () -> {
      Optional<String> target = request.getTargetId().isEmpty() ? Optional.empty() : Optional.of(request.getTargetId());
      target.ifPresent(ManagementGrpcService::checkId);
      return TransferLeadershipResponse.newBuilder()
          .setLeaderId(membership.transferLeadership(target).toString()).build();
    });
  }

  @Override
  public void getClusterStatus(GetClusterStatusRequest request, StreamObserver<GetClusterStatusResponse> out) {
    try {
      out.onNext(request.getLocalOnly() ? status.local() : status.full());
      out.onCompleted();
    } catch (RuntimeException e) {
      out.onError(GrpcErrors.toStatus(e));
    }
  }

  @Override
  public void takeSnapshot(TakeSnapshotRequest request, StreamObserver<TakeSnapshotResponse> out) {
    change(out, () -> {
      if (!node.isJoined()) {
        throw new NotJoinedException(node.selfId().toString());
      }
      RaftClientReply reply = node.client().getSnapshotManagementApi(node.selfId())
          .create(1, node.requestTimeoutMs());
      if (!reply.isSuccess()) {
        throw new IOException("snapshot failed: " + reply.getException());
      }
      return TakeSnapshotResponse.newBuilder().setIndex(reply.getLogIndex()).build();
    });
  }

  private static void check(Member member) {
    checkId(member.getId());
    if (!ADDRESS.matcher(member.getRaftAddress()).matches()) {
      throw new InvalidRequestException("member " + member.getId() + ": raft_address '" + member.getRaftAddress()
          + "' must be host:port");
    }
    if (!member.getApiAddress().isEmpty() && !ADDRESS.matcher(member.getApiAddress()).matches()) {
      throw new InvalidRequestException("member " + member.getId() + ": api_address '" + member.getApiAddress()
          + "' must be host:port");
    }
  }

  private static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidRequestException("member id '" + id + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
  }
}
