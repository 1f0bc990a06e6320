package io.ferrium.server.raft;

import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;

/**
 * Ratis's gRPC transport with the node's own log appender ({@link CommitPropagatingLogAppender}).
 * Ratis instantiates a user-defined RPC type from its class name, hence the public no-argument
 * constructor and {@link #name()}.
 */
public final class FerriumRpc implements RpcType {
  public FerriumRpc() {
  }

  @Override
  public String name() {
    return FerriumRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    return new Factory(parameters);
  }

  private static final class Factory extends GrpcFactory {
    Factory(Parameters parameters) {
      super(parameters);
    }

    @Override
    public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      return new CommitPropagatingLogAppender(server, state, follower);
    }
  }
}
