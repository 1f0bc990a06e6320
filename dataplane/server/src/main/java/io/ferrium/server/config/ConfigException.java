package io.ferrium.server.config;

/** The configuration is unreadable or invalid; the message names every offending key. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
