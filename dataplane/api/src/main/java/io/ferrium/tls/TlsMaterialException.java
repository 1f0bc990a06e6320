package io.ferrium.tls;

/**
 * TLS material could not be loaded or used: a missing, unreadable or malformed PEM file, a key that
 * does not match its certificate, an expired certificate. The message names the file.
 */
public class TlsMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TlsMaterialException(String message) {
    super(message);
  }

  public TlsMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
