package io.ferrium.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/** The command's output streams: picocli's, so tests can capture them. */
final class Cli {
  private Cli() {
  }

  static PrintWriter out(CommandSpec spec) {
    return spec.commandLine().getOut();
  }

  static PrintWriter err(CommandSpec spec) {
    return spec.commandLine().getErr();
  }
}
