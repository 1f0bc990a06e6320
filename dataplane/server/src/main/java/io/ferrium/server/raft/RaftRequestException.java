package io.ferrium.server.raft;

/** Ratis answered a request with a failure; the cause is Ratis's exception. */
public final class RaftRequestException extends RuntimeException {
  public RaftRequestException(Throwable cause) {
    super(cause == null ? "Raft request failed" : cause.getMessage(), cause);
  }
}
