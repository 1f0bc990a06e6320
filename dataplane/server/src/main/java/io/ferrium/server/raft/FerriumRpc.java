package io.ferrium.server.raft;

import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.grpc.RaftServerProtocolServiceGrpc;
import org.apache.ratis.rpc.RpcFactory;
import org.apache.ratis.rpc.RpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.leader.FollowerInfo;
import org.apache.ratis.server.leader.LeaderState;
import org.apache.ratis.server.leader.LogAppender;
import org.apache.ratis.thirdparty.io.grpc.Metadata;
import org.apache.ratis.thirdparty.io.grpc.ServerCall;
import org.apache.ratis.thirdparty.io.grpc.ServerCallExecutorSupplier;

/**
 * Ratis's gRPC transport with the node's own log appender ({@link CommitPropagatingLogAppender}),
 * whose followers' acknowledgements advance the commit index where they arrive
 * ({@link InlineCommitLeaderState}), and the append and ReadIndex messages a follower receives
 * handled on the I/O thread that read them ({@link #ON_IO_THREADS}) instead of being handed to a
 * pool thread each: Ratis only queues them (the log worker writes and syncs), so the hand-off
 * bought nothing but a thread wake-up per message. Ratis instantiates a user-defined RPC type from
 * its class name, hence the public no-argument constructor and {@link #name()}.
 */
public final class FerriumRpc implements RpcType {
  /** Raft server calls whose messages run on the transport's I/O threads. */
  static final Set<String> ON_IO_THREADS = Set.of(
      RaftServerProtocolServiceGrpc.getAppendEntriesMethod().getFullMethodName(),
      RaftServerProtocolServiceGrpc.getReadIndexMethod().getFullMethodName());
  private static final Executor DIRECT = Runnable::run;

  private static final ServerCallExecutorSupplier EXECUTORS = new ServerCallExecutorSupplier() {
    @Override
    public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
      // null: Ratis's default pool (votes, snapshot installation, client and admin calls).
      return ON_IO_THREADS.contains(call.getMethodDescriptor().getFullMethodName()) ? DIRECT : null;
    }
  };

  public FerriumRpc() {
  }

  @Override
  public String name() {
    return FerriumRpc.class.getName();
  }

  @Override
  public RpcFactory newFactory(Parameters parameters) {
    Parameters withCustomizer = parameters != null ? parameters : new Parameters();
    GrpcConfigKeys.Server.setServicesCustomizer(withCustomizer, (builder, types) -> builder.callExecutor(EXECUTORS));
    return new Factory(withCustomizer);
  }

  private static final class Factory extends GrpcFactory {
    Factory(Parameters parameters) {
      super(parameters);
    }

    @Override
    public LogAppender newLogAppender(RaftServer.Division server, LeaderState state, FollowerInfo follower) {
      return new CommitPropagatingLogAppender(server, InlineCommitLeaderState.wrap(state, server), follower);
    }
  }
}
