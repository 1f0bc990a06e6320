package io.ferrium.server.raft;

import java.io.IOException;

/** A membership request that cannot be carried out, with the reason a caller can act on. */
public final class MembershipException extends IOException {
  /** Why the request failed; maps to a gRPC status. */
  public enum Reason { INVALID, NOT_FOUND, ALREADY_JOINED, NOT_READY, CONFLICT, UNAVAILABLE }

  private final Reason reason;

  public MembershipException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MembershipException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
