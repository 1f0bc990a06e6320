package io.ferrium.server.cli;

import io.ferrium.client.FerriumClientException;
import io.ferrium.server.JvmDefaults;
import io.grpc.Status;
import java.util.Arrays;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ferrium}: the node ({@code ferrium server}, also what runs with no subcommand) and the
 * client commands ({@code kv}, {@code member}, {@code status}, {@code snapshot},
 * {@code local-cluster}).
 */
@Command(name = "ferrium", mixinStandardHelpOptions = true, version = "ferrium 0.1.0",
    scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand
    description = "Ferrium: a strongly consistent, replicated key-value store.",
    subcommands = {ServerMain.class, KvCommand.class, MemberCommand.class, StatusCommand.class,
        SnapshotCommand.class, LocalClusterCommand.class, CommandLine.HelpCommand.class})
public final class FerriumCli {
  static {
    // Before anything loads CompletableFuture, the common pool or Netty.
    JvmDefaults.apply();
  }

  private static final Set<String> TOP_LEVEL = Set.of("-h", "--help", "-V", "--version");

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line; no subcommand (or only server options) runs the node. */
  public static int execute(String... args) {
    String[] full = withDefaultCommand(args);
    if (!"server".equals(full[0])) {
      LoggingSetup.quietClient();
    }
    return commandLine().execute(full);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new FerriumCli());
    cli.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
      commandLine.getErr().println("ferrium: " + oneLine(error));
      commandLine.getErr().flush();
      return exitCode(error);
    });
    return cli;
  }

  static String[] withDefaultCommand(String[] args) {
    boolean noSubcommand = args.length == 0 || (args[0].startsWith("-") && !TOP_LEVEL.contains(args[0]));
    if (!noSubcommand) {
      return args;
    }
    String[] withServer = new String[args.length + 1];
    withServer[0] = "server";
    System.arraycopy(args, 0, withServer, 1, args.length);
    return withServer;
  }

  static int exitCode(Throwable error) {
    if (error instanceof FerriumClientException) {
      Status.Code code = ((FerriumClientException) error).code();
      return code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
          ? ExitCodes.UNREACHABLE : ExitCodes.REJECTED;
    }
    return ExitCodes.REJECTED;
  }

  private static String oneLine(Throwable error) {
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    if (error instanceof FerriumClientException
        && ((FerriumClientException) error).code() == Status.Code.UNAVAILABLE) {
      message = "cannot reach the cluster: " + message;
      if (message.toLowerCase(java.util.Locale.ROOT).contains("ssl")
          || message.contains("Network closed for unknown reason")) {
        message += " (a TLS handshake failed or the node closed the connection: check --cacert, --cert and"
            + " --key against the cluster's [security] settings)";
      }
    }
    return String.join(" ", Arrays.asList(message.split("\\R")));
  }
}
