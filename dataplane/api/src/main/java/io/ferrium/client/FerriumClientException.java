package io.ferrium.client;

import io.grpc.Status;

/** A request failed on every endpoint the client tried, or was rejected by the cluster. */
public final class FerriumClientException extends RuntimeException {
  private final Status.Code code;

  public FerriumClientException(String message, Status.Code code, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The gRPC status code of the last attempt. */
  public Status.Code code() {
    return code;
  }
}
