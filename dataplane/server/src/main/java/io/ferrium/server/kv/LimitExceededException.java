package io.ferrium.server.kv;

/** A request over a size limit: INVALID_ARGUMENT over gRPC, 413 over HTTP. */
public final class LimitExceededException extends InvalidRequestException {
  public LimitExceededException(String message) {
    super(message);
  }
}
