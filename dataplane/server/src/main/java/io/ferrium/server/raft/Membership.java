package io.ferrium.server.raft;

import io.ferrium.api.v1.Member;
import io.ferrium.server.proto.Command;
import io.ferrium.server.proto.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.CommitInfoProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership changes of the Raft group, one at a time and each guarded by compare-and-set on the
 * configuration: bootstrap, add as learner (Ratis listener), promote, remove, and leadership
 * transfer. Blocking; called from management requests.
 */
public final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final RaftNode node;

  public Membership(RaftNode node) {
    this.node = node;
  }

  /** Forms the group from unjoined nodes, then records their addresses. */
  public List<Member> init(List<Member> members) throws IOException {
    if (node.isJoined()) {
      throw new MembershipException(MembershipException.Reason.ALREADY_JOINED,
          "node " + node.selfId() + " is already a member of cluster " + node.groupId().getUuid());
    }
    if (members.stream().noneMatch(m -> m.getId().equals(node.selfId().toString()))) {
      throw new MembershipException(MembershipException.Reason.INVALID,
          "Init must list the receiving node " + node.selfId() + " among the members");
    }
    List<RaftPeer> peers = members.stream().map(m -> peer(m, RaftPeerRole.FOLLOWER)).collect(Collectors.toList());
    RaftGroup group = node.group(peers);
    List<RaftPeer> added = new ArrayList<>();
    try (RaftClient bootstrap = node.newClient(group)) {
      for (RaftPeer peer : peers) {
        try {
          requireSuccess(bootstrap.getGroupManagementApi(peer.getId()).add(group), "add the group on " + peer.getId());
          added.add(peer);
        } catch (IOException e) {
          rollback(bootstrap, added);
          throw new MembershipException(MembershipException.Reason.UNAVAILABLE, "cannot bootstrap member "
              + peer.getId() + " at " + peer.getAddress() + ": " + e.getMessage()
              + "; every member must be running and unjoined", e);
        }
      }
    }
    LOG.info("Formed cluster {} with {}", node.groupId().getUuid(), ids(peers));
    register(members);
    return members;
  }

  private void rollback(RaftClient client, List<RaftPeer> added) {
    for (RaftPeer peer : added) {
      try {
        client.getGroupManagementApi(peer.getId()).remove(node.groupId(), true, false);
      } catch (IOException e) {
        LOG.warn("Could not undo the partial bootstrap on {}: {}", peer.getId(), e.getMessage());
      }
    }
  }

  /** Adds an unjoined node as a learner: it receives the log but does not vote. */
  public void addLearner(Member member) throws IOException {
    RaftConfiguration conf = conf();
    RaftPeerId id = RaftPeerId.valueOf(member.getId());
    if (conf.getPeer(id, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER) != null) {
      throw new MembershipException(MembershipException.Reason.ALREADY_JOINED,
          "member " + id + " is already in the cluster; remove it first to re-add it");
    }
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    List<RaftPeer> learners = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.LISTENER));
    RaftPeer learner = peer(member, RaftPeerRole.LISTENER);
    List<RaftPeer> newLearners = new ArrayList<>(learners);
    newLearners.add(learner);

    List<RaftPeer> all = new ArrayList<>(voters);
    all.addAll(newLearners);
    RaftGroup group = node.group(all);
    try (RaftClient client = node.newClient(group)) {
      requireSuccess(client.getGroupManagementApi(id).add(group), "add the group on " + id);
    } catch (IOException e) {
      throw new MembershipException(MembershipException.Reason.UNAVAILABLE, "cannot start the group on "
          + id + " at " + member.getRaftAddress() + ": " + e.getMessage()
          + "; the node must be running, reachable and unjoined", e);
    }
    setConfiguration(conf, voters, newLearners);
    LOG.info("Added {} as a learner", id);
    register(List.of(member));
  }

  /** Makes a caught-up learner a voter. */
  public void promote(String memberId, long maxLag) throws IOException {
    RaftConfiguration conf = conf();
    RaftPeerId id = RaftPeerId.valueOf(memberId);
    RaftPeer learner = conf.getPeer(id, RaftPeerRole.LISTENER);
    if (learner == null) {
      if (conf.getPeer(id, RaftPeerRole.FOLLOWER) != null) {
        return; // already a voter
      }
      throw new MembershipException(MembershipException.Reason.NOT_FOUND, "no learner " + memberId + " in the cluster");
    }
    LeaderView view = leaderView();
    long lag = view.lag(id);
    if (lag > maxLag) {
      throw new MembershipException(MembershipException.Reason.NOT_READY, "learner " + memberId + " is " + lag
          + " entries behind the leader (at most " + maxLag + " allowed); retry when it has caught up");
    }
    List<RaftPeer> voters = new ArrayList<>(conf.getCurrentPeers(RaftPeerRole.FOLLOWER));
    voters.add(RaftPeer.newBuilder(learner).setStartupRole(RaftPeerRole.FOLLOWER).build());
    List<RaftPeer> learners = conf.getCurrentPeers(RaftPeerRole.LISTENER).stream()
        .filter(p -> !p.getId().equals(id)).collect(Collectors.toList());
    setConfiguration(conf, voters, learners);
    LOG.info("Promoted {} to voter", id);
  }

  /** Removes a member, moving leadership away from it first. */
  public void remove(String memberId) throws IOException {
    RaftConfiguration conf = conf();
    RaftPeerId id = RaftPeerId.valueOf(memberId);
    RaftPeer peer = conf.getPeer(id, RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER);
    if (peer == null) {
      unregister(memberId);
      return; // already gone: removing is idempotent
    }
    List<RaftPeer> voters = conf.getCurrentPeers(RaftPeerRole.FOLLOWER).stream()
        .filter(p -> !p.getId().equals(id)).collect(Collectors.toList());
    List<RaftPeer> learners = conf.getCurrentPeers(RaftPeerRole.LISTENER).stream()
        .filter(p -> !p.getId().equals(id)).collect(Collectors.toList());
    if (voters.isEmpty()) {
      throw new MembershipException(MembershipException.Reason.INVALID,
          "cannot remove " + memberId + ": it is the last voter of the cluster");
    }
    LeaderView view = leaderView();
    if (id.equals(view.leaderId)) {
      transferLeadership(Optional.empty());
      conf = conf();
    }
    setConfiguration(conf, voters, learners);
    LOG.info("Removed {} from the cluster", id);
    unregister(memberId);
    dropGroupOn(peer);
  }

  /** The removed node leaves the group, so that it stops serving stale data and can be re-added. */
  private void dropGroupOn(RaftPeer peer) {
    try (RaftClient client = node.newClient(node.group(List.of(peer)))) {
      client.getGroupManagementApi(peer.getId()).remove(node.groupId(), false, true);
    } catch (IOException e) {
      LOG.info("Removed member {} did not leave the group itself ({}); it is no longer in the configuration",
          peer.getId(), e.getMessage());
    }
  }

  /** Moves leadership to {@code target}, or to the most up-to-date other voter. Returns the new leader. */
  public RaftPeerId transferLeadership(Optional<String> target) throws IOException {
    RaftConfiguration conf = conf();
    LeaderView view = leaderView();
    RaftPeerId to;
    if (target.isPresent()) {
      to = RaftPeerId.valueOf(target.get());
      if (conf.getPeer(to, RaftPeerRole.FOLLOWER) == null) {
        throw new MembershipException(MembershipException.Reason.INVALID,
            "cannot transfer leadership to " + to + ": it is not a voter");
      }
    } else {
      to = conf.getCurrentPeers(RaftPeerRole.FOLLOWER).stream()
          .map(RaftPeer::getId)
          .filter(p -> !p.equals(view.leaderId))
          .max(Comparator.comparingLong(p -> view.commitIndex(p)))
          .orElseThrow(() -> new MembershipException(MembershipException.Reason.INVALID,
              "no other voter to transfer leadership to"));
    }
    if (to.equals(view.leaderId)) {
      return to;
    }
    RaftClientReply reply = node.client().admin().transferLeadership(to, view.leaderId, node.requestTimeoutMs());
    requireSuccess(reply, "transfer leadership to " + to);
    LOG.info("Leadership transferred from {} to {}", view.leaderId, to);
    return to;
  }

  /** The leader's view of every member's commit index. */
  public LeaderView leaderView() throws IOException {
    RaftServer.Division division = division();
    RaftPeerId leader = division.getInfo().getLeaderId();
    if (leader == null) {
      throw new MembershipException(MembershipException.Reason.UNAVAILABLE, "no leader is known; retry shortly");
    }
    Collection<CommitInfoProto> infos;
    if (leader.equals(node.selfId())) {
      infos = division.getCommitInfos();
    } else {
      GroupInfoReply reply = node.client().getGroupManagementApi(leader).info(node.groupId());
      requireSuccess(reply, "ask leader " + leader + " for the members' progress");
      infos = reply.getCommitInfos();
    }
    Map<RaftPeerId, Long> commits = infos.stream().collect(Collectors.toMap(
        i -> RaftPeerId.valueOf(i.getServer().getId()), CommitInfoProto::getCommitIndex, Math::max));
    return new LeaderView(leader, commits);
  }

  /** Commit indexes as the leader knows them. */
  public static final class LeaderView {
    final RaftPeerId leaderId;
    final Map<RaftPeerId, Long> commits;

    LeaderView(RaftPeerId leaderId, Map<RaftPeerId, Long> commits) {
      this.leaderId = leaderId;
      this.commits = commits;
    }

    public RaftPeerId leaderId() {
      return leaderId;
    }

    public long commitIndex(RaftPeerId id) {
      return commits.getOrDefault(id, 0L);
    }

    public long leaderCommit() {
      return commits.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    public long lag(RaftPeerId id) {
      return Math.max(0, leaderCommit() - commitIndex(id));
    }
  }

  private void setConfiguration(RaftConfiguration current, List<RaftPeer> voters, List<RaftPeer> learners)
      throws IOException {
    // Ratis needs all four lists set (empty, not null) for a compare-and-set change.
    SetConfigurationRequest.Arguments args = SetConfigurationRequest.Arguments.newBuilder()
        .setServersInCurrentConf(new ArrayList<>(current.getCurrentPeers(RaftPeerRole.FOLLOWER)))
        .setListenersInCurrentConf(new ArrayList<>(current.getCurrentPeers(RaftPeerRole.LISTENER)))
        .setServersInNewConf(voters)
        .setListenersInNewConf(learners)
        .setMode(SetConfigurationRequest.Mode.COMPARE_AND_SET)
        .build();
    try {
      requireSuccess(node.client().admin().setConfiguration(args), "change the configuration");
    } catch (org.apache.ratis.protocol.exceptions.SetConfigurationException
        | org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException e) {
      throw new MembershipException(MembershipException.Reason.CONFLICT,
          "the membership changed meanwhile or another change is in progress (" + e.getMessage() + "); retry", e);
    }
  }

  private void register(List<Member> members) throws IOException {
    Command.Builder command = Command.newBuilder();
    members.forEach(m -> command.addOps(Op.newBuilder().setRegisterMember(m)));
    await(command.build(), "record the members' addresses");
  }

  private void unregister(String id) throws IOException {
    await(Command.newBuilder().addOps(Op.newBuilder().setUnregisterMember(id)).build(),
        "drop member " + id + " from the registry");
  }

  private void await(Command command, String what) throws IOException {
    try {
      node.submit(command).get(node.requestTimeoutMs() * 2, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new MembershipException(MembershipException.Reason.UNAVAILABLE, "cannot " + what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while trying to " + what, e);
    }
  }

  private RaftServer.Division division() {
    return node.division().orElseThrow(() -> new NotJoinedException(node.selfId().toString()));
  }

  private RaftConfiguration conf() {
    return division().getRaftConf();
  }

  static RaftPeer peer(Member member, RaftPeerRole role) {
    return RaftPeer.newBuilder().setId(member.getId()).setAddress(member.getRaftAddress())
        .setStartupRole(role).build();
  }

  private static void requireSuccess(RaftClientReply reply, String what) throws IOException {
    if (!reply.isSuccess()) {
      Exception e = reply.getException();
      if (e instanceof IOException) {
        throw (IOException) e;
      }
      throw new IOException("failed to " + what + (e == null ? "" : ": " + e.getMessage()), e);
    }
  }

  private static String ids(List<RaftPeer> peers) {
    return peers.stream().map(p -> p.getId().toString()).collect(Collectors.joining(", "));
  }
}
