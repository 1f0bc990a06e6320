package io.ferrium.server.grpc;

import io.ferrium.server.kv.InvalidRequestException;
import io.ferrium.server.kv.RocksKvStore;
import io.ferrium.server.node.WriteAdmission;
import io.ferrium.server.raft.MembershipException;
import io.ferrium.server.raft.NotJoinedException;
import io.ferrium.server.raft.RaftRequestException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps failures to gRPC statuses whose descriptions say what failed and what to do. */
public final class GrpcErrors {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcErrors.class);

  private GrpcErrors() {
  }

  /** The status for a failed write: a timeout leaves its outcome unknown, so it is not UNAVAILABLE. */
  public static StatusRuntimeException forWrite(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof TimeoutException) {
      return Status.DEADLINE_EXCEEDED.withDescription("the write was not confirmed in time; it may or may not"
          + " have been applied (is a majority of the cluster up?)").asRuntimeException();
    }
    return toStatus(cause);
  }

  public static StatusRuntimeException toStatus(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof StatusRuntimeException) {
      return (StatusRuntimeException) cause;
    }
    if (cause instanceof InvalidRequestException) {
      return Status.INVALID_ARGUMENT.withDescription(cause.getMessage()).asRuntimeException();
    }
    if (cause instanceof NotJoinedException) {
      return Status.FAILED_PRECONDITION.withDescription(cause.getMessage()).asRuntimeException();
    }
    if (cause instanceof MembershipException) {
      return membership((MembershipException) cause);
    }
    if (cause instanceof WriteAdmission.NodeBusyException) {
      return Status.UNAVAILABLE.withDescription("node busy: " + cause.getMessage()).asRuntimeException();
    }
    if (cause instanceof RocksKvStore.StoreClosedException || cause instanceof LeaderNotReadyException
        || cause instanceof NotLeaderException) {
      return Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException();
    }
    if (cause instanceof RaftRetryFailureException) {
      return Status.UNAVAILABLE.withDescription("no leader could be reached; a majority of the cluster may be"
          + " down (" + cause.getMessage() + ")").asRuntimeException();
    }
    if (cause instanceof TimeoutException) {
      return Status.UNAVAILABLE.withDescription("the cluster did not answer in time; is a majority of it up?")
          .asRuntimeException();
    }
    if (cause instanceof StateMachineException && cause.getCause() instanceof InvalidRequestException) {
      return Status.INVALID_ARGUMENT.withDescription(cause.getCause().getMessage()).asRuntimeException();
    }
    if (cause instanceof IOException) {
      return Status.UNAVAILABLE.withDescription(cause.getMessage()).asRuntimeException();
    }
    LOG.error("Request failed unexpectedly", cause);
    return Status.INTERNAL.withDescription("internal error: " + cause).asRuntimeException();
  }

  private static StatusRuntimeException membership(MembershipException e) {
    Status status;
    switch (e.reason()) {
      case INVALID -> status = Status.INVALID_ARGUMENT;
      case NOT_FOUND -> status = Status.NOT_FOUND;
      case ALREADY_JOINED -> status = Status.ALREADY_EXISTS;
      case NOT_READY -> status = Status.FAILED_PRECONDITION;
      case CONFLICT -> status = Status.ABORTED;
      default -> status = Status.UNAVAILABLE;
    }
    return status.withDescription(e.getMessage()).asRuntimeException();
  }

  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException
        || cause instanceof RaftRequestException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
