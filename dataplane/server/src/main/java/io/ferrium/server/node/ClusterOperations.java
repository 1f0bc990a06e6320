package io.ferrium.server.node;

import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.server.kv.InvalidRequestException;
import io.ferrium.server.raft.Membership;
import io.ferrium.server.raft.NotJoinedException;
import io.ferrium.server.raft.RaftNode;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * The node's management operations, shared by every API surface: validated, blocking, and one
 * membership change at a time on this node.
 */
public final class ClusterOperations {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Pattern ADDRESS = Pattern.compile("[^\\s:/]+:\\d{1,5}");
  public static final long DEFAULT_MAX_LAG = 100;

  private final RaftNode node;
  private final Membership membership;
  private final ClusterStatusReporter status;
  private final Supplier<Member> self;

  public ClusterOperations(RaftNode node, ClusterStatusReporter status, Supplier<Member> self) {
    this.node = node;
    this.membership = new Membership(node);
    this.status = status;
    this.self = self;
  }

  public Member self() {
    return self.get();
  }

  /** Bootstraps a cluster of {@code members}; empty means this node alone. */
  public synchronized List<Member> init(List<Member> members) throws IOException {
    List<Member> initial = members.isEmpty() ? List.of(self.get()) : members;
    initial.forEach(ClusterOperations::check);
    if (initial.stream().map(Member::getId).distinct().count() != initial.size()) {
      throw new InvalidRequestException("Init lists a member id twice");
    }
    return membership.init(initial);
  }

  public synchronized List<MemberStatus> addMember(Member member) throws IOException {
    check(member);
    membership.addLearner(member);
    return status.local().getMembersList();
  }

  public synchronized List<MemberStatus> promoteMember(String id, long maxLag) throws IOException {
    checkId(id);
    membership.promote(id, maxLag == 0 ? DEFAULT_MAX_LAG : maxLag);
    return status.local().getMembersList();
  }

  public synchronized List<MemberStatus> removeMember(String id) throws IOException {
    checkId(id);
    membership.remove(id);
    return status.local().getMembersList();
  }

  /**
   * Makes exactly {@code voterIds} the voters: promotes the listed learners, then removes the
   * voters not listed, one change at a time.
   */
  public synchronized List<MemberStatus> changeVoters(Collection<String> voterIds) throws IOException {
    if (voterIds.isEmpty()) {
      throw new InvalidRequestException("the new membership must list at least one voter");
    }
    voterIds.forEach(ClusterOperations::checkId);
    List<MemberStatus> members = status.local().getMembersList();
    for (String id : voterIds) {
      if (members.stream().noneMatch(m -> m.getMember().getId().equals(id))) {
        throw new InvalidRequestException("node " + id + " is not a member; add it as a learner first");
      }
    }
    for (MemberStatus m : members) {
      if (!m.getVoter() && voterIds.contains(m.getMember().getId())) {
        membership.promote(m.getMember().getId(), DEFAULT_MAX_LAG);
      }
    }
    for (MemberStatus m : members) {
      if (m.getVoter() && !voterIds.contains(m.getMember().getId())) {
        membership.remove(m.getMember().getId());
      }
    }
    return status.local().getMembersList();
  }

  public synchronized String transferLeadership(Optional<String> target) throws IOException {
    target.ifPresent(ClusterOperations::checkId);
    return membership.transferLeadership(target).toString();
  }

  public GetClusterStatusResponse status(boolean localOnly) {
    return localOnly ? status.local() : status.full();
  }

  /** Snapshots this node now; returns the index it covers. */
  public synchronized long takeSnapshot() throws IOException {
    if (!node.isJoined()) {
      throw new NotJoinedException(node.selfId().toString());
    }
    RaftClientReply reply = node.client().getSnapshotManagementApi(node.selfId()).create(1, node.requestTimeoutMs());
    if (!reply.isSuccess()) {
      throw new IOException("snapshot failed: " + reply.getException());
    }
    return reply.getLogIndex();
  }

  static void check(Member member) {
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

  static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidRequestException("member id '" + id + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
  }
}
