package io.ferrium.server.cli;

/** Exit codes of the {@code ferrium} command, documented in README. */
final class ExitCodes {
  static final int OK = 0;
  /** The cluster refused the request (bad input, conflict, not found...). */
  static final int REJECTED = 1;
  /** Wrong command-line usage. */
  static final int USAGE = 2;
  /** The cluster could not be reached, or had no leader, within the timeout. */
  static final int UNREACHABLE = 3;
  /** {@code kv get}: no such key; {@code kv cas}: the compare failed. */
  static final int NOT_FOUND_OR_COMPARE_FAILED = 4;

  private ExitCodes() {
  }
}
