package io.ferrium.server.kv;

/** A client request that breaks a rule or a limit; reported as INVALID_ARGUMENT. */
public class InvalidRequestException extends IllegalArgumentException {
  public InvalidRequestException(String message) {
    super(message);
  }
}
