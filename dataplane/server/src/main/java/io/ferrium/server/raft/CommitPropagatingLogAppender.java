package io.ferrium.server.raft;

import org.apache.ratis.grpc.server.GrpcLogAppender;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.raftlog.RaftLogIOException;

/**
 * Ratis's gRPC log appender, plus: a follower that holds entries it does not yet know are committed
 * is told the new commit index at once, as etcd's leader does, instead of at its next heartbeat.
 *
 * <p>Ratis wakes the appender when the leader's commit index moves, but when there are no new
 * entries to send it sends nothing until the heartbeat is due (half the minimum election timeout).
 * Until then the follower cannot apply the entry, so a linearizable read on it — whose ReadIndex is
 * the leader's commit index — waits, and so does a ReadIndex on the leader that needs this
 * follower's acknowledgement of that commit index. Measured before this class: reads right after a
 * write stalled for 500 ms (p99 of a 90/10 read/write mix), exactly the heartbeat interval.
 *
 * <p>Sends stop by themselves: one is made only while the follower's commit index is below both the
 * leader's and the follower's acknowledged match index, and each reply raises the follower's
 * commit index to at least the smaller of the two.
 */
final class CommitPropagatingLogAppender extends GrpcLogAppender {
  CommitPropagatingLogAppender(RaftServer.Division server, LeaderState leaderState, FollowerInfo follower) {
    super(server, leaderState, follower);
  }

  @Override
  public AppendEntriesRequestProto newAppendEntriesRequest(long callId, boolean heartbeat)
      throws RaftLogIOException {
    AppendEntriesRequestProto request = super.newAppendEntriesRequest(callId, heartbeat);
    if (request == null && followerCanCommitMore()) {
      return super.newAppendEntriesRequest(callId, true);
    }
    return request;
  }

  private boolean followerCanCommitMore() {
    FollowerInfo follower = getFollower();
    long followerCommit = follower.getCommitIndex();
    return followerCommit < getRaftLog().getLastCommittedIndex() && followerCommit < follower.getMatchIndex();
  }
}
