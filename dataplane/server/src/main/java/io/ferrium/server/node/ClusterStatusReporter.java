package io.ferrium.server.node;

import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.MemberRole;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.api.v1.NodeState;
import io.ferrium.server.raft.RaftNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;

/**
 * Builds GetClusterStatus answers: what this node knows locally, and, for the full view, each
 * member's own report of its role and indexes, asked over its management API.
 */
public final class ClusterStatusReporter {
  private static final long PEER_STATUS_TIMEOUT_MS = 2000;

  private final RaftNode node;
  private final PeerChannels peers;
  private final java.util.function.Supplier<Member> self;

  public ClusterStatusReporter(RaftNode node, PeerChannels peers, java.util.function.Supplier<Member> self) {
    this.node = node;
    this.peers = peers;
    this.self = self;
  }

  /** This node's own view, without asking anyone. */
  public GetClusterStatusResponse local() {
    GetClusterStatusResponse.Builder status = GetClusterStatusResponse.newBuilder()
        .setNodeId(node.selfId().toString());
    RaftServer.Division division = node.division().orElse(null);
    if (division == null) {
      return status.setState(NodeState.UNJOINED).setRole(MemberRole.ROLE_UNSPECIFIED).build();
    }
    RaftPeerId leader = division.getInfo().getLeaderId();
    status.setState(NodeState.MEMBER)
        .setClusterId(node.groupId().getUuid().toString())
        .setLeaderId(leader == null ? "" : leader.toString())
        .setTerm(division.getInfo().getCurrentTerm())
        .setCommitIndex(division.getRaftLog().getLastCommittedIndex())
        .setAppliedIndex(division.getInfo().getLastAppliedIndex())
        .setRole(role(division.getInfo().getCurrentRole()));

    Map<String, Member> registry = new HashMap<>();
    node.stateMachine().store().ifPresent(s -> s.members().forEach(m -> registry.put(m.getId(), m)));
    Map<String, Long> commits = new HashMap<>();
    for (CommitInfoProto info : division.getCommitInfos()) {
      commits.merge(info.getServer().getId().toStringUtf8(), info.getCommitIndex(), Math::max);
    }
    long leaderCommit = commits.values().stream().mapToLong(Long::longValue).max().orElse(0);
    RaftConfiguration conf = division.getRaftConf();
    for (RaftPeerRole kind : new RaftPeerRole[] {RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER}) {
      for (RaftPeer peer : conf.getCurrentPeers(kind)) {
        String id = peer.getId().toString();
        boolean voter = kind == RaftPeerRole.FOLLOWER;
        MemberRole role = !voter ? MemberRole.LEARNER
            : peer.getId().equals(leader) ? MemberRole.LEADER : MemberRole.FOLLOWER;
        long commit = commits.getOrDefault(id, 0L);
        MemberStatus.Builder member = MemberStatus.newBuilder()
            .setMember(registry.getOrDefault(id, Member.newBuilder().setId(id).setRaftAddress(peer.getAddress()).build()))
            .setRole(role).setVoter(voter).setCommitIndex(commit)
            .setLag(Math.max(0, leaderCommit - commit));
        if (peer.getId().equals(node.selfId())) {
          member.setMember(self.get()).setRole(status.getRole()).setAppliedIndex(status.getAppliedIndex())
              .setCommitIndex(status.getCommitIndex()).setReachable(true);
        }
        status.addMembers(member);
      }
    }
    return status.build();
  }

  /** The local view completed with every member's own report. */
  public GetClusterStatusResponse full() {
    GetClusterStatusResponse local = local();
    if (local.getState() != NodeState.MEMBER) {
      return local;
    }
    List<MemberStatus> members = new ArrayList<>();
    for (MemberStatus member : local.getMembersList()) {
      if (member.getMember().getId().equals(local.getNodeId())) {
        members.add(member);
        continue;
      }
      members.add(ask(member));
    }
    long leaderCommit = members.stream().mapToLong(MemberStatus::getCommitIndex).max().orElse(0);
    GetClusterStatusResponse.Builder full = local.toBuilder().clearMembers();
    for (MemberStatus m : members) {
      full.addMembers(m.toBuilder().setLag(Math.max(0, leaderCommit - m.getCommitIndex())));
    }
    return full.build();
  }

  private MemberStatus ask(MemberStatus member) {
    String address = member.getMember().getApiAddress();
    if (address.isEmpty()) {
      return member.toBuilder().setReachable(false).build();
    }
    try {
      GetClusterStatusResponse theirs = ManagementServiceGrpc.newBlockingStub(peers.get(address))
          .withDeadlineAfter(PEER_STATUS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .getClusterStatus(GetClusterStatusRequest.newBuilder().setLocalOnly(true).build());
      MemberStatus.Builder updated = member.toBuilder().setReachable(true)
          .setCommitIndex(theirs.getCommitIndex()).setAppliedIndex(theirs.getAppliedIndex());
      if (theirs.getRole() != MemberRole.ROLE_UNSPECIFIED) {
        updated.setRole(theirs.getRole());
      }
      return updated.build();
    } catch (RuntimeException e) {
      return member.toBuilder().setReachable(false).build();
    }
  }

  static MemberRole role(RaftPeerRole role) {
    switch (role) {
      case LEADER:
        return MemberRole.LEADER;
      case FOLLOWER:
        return MemberRole.FOLLOWER;
      case CANDIDATE:
        return MemberRole.CANDIDATE;
      case LISTENER:
        return MemberRole.LEARNER;
      default:
        return MemberRole.ROLE_UNSPECIFIED;
    }
  }
}
