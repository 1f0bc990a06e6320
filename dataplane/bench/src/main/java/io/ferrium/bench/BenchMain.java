package io.ferrium.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ferrium-bench}: runs each workload at each window size against one target and prints one
 * JSON line per run as it ends, then a table of all runs. Progress goes to standard error.
 *
 * <p>Exit codes: 0 every run without errors, 1 some run had errors (the table names the first),
 * 2 wrong usage, 3 the target could not be set up or preloaded.
 */
@Command(name = "ferrium-bench", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = CompareCommand.class,
    description = "Load generator for Ferrium and etcd on this machine (loopback endpoints only).")
public final class BenchMain implements Callable<Integer> {
  enum TargetKind { ferrium, etcd }

  @Option(names = "--target", description = "ferrium (FerriumClient over gRPC) or etcd (jetcd); default ferrium.")
  TargetKind target = TargetKind.ferrium;

  @Option(names = {"-e", "--endpoints"}, split = ",", paramLabel = "HOST:PORT",
      description = "gRPC endpoints, comma-separated, 127.0.0.0/8 only (default: Ferrium's local cluster"
          + " 127.0.0.1:21002,22002,23002; etcd 127.0.0.1:2379).")
  List<String> endpoints = new ArrayList<>();

  @Option(names = {"-w", "--workload"}, split = ",", paramLabel = "NAME",
      description = "put, get-linearizable, get-serializable, mixed (90%% linearizable get, 10%% put);"
          + " comma-separated; default put.")
  List<String> workloads = new ArrayList<>(List.of("put"));

  @Option(names = {"-c", "--outstanding"}, split = ",", paramLabel = "N",
      description = "Requests in flight, 1..4096; comma-separated for several runs; default 1.")
  List<Integer> outstanding = new ArrayList<>(List.of(1));

  @Option(names = "--key-size", description = "Key size in bytes (default 16).") int keySize = 16;
  @Option(names = "--value-size", description = "Value size in bytes (default 100).") int valueSize = 100;
  @Option(names = "--keyspace", description = "Distinct keys; written before any read workload (default 10000).")
  int keyspace = 10_000;
  @Option(names = "--warmup", description = "Seconds of load before measuring (default 2).") double warmupSeconds = 2;
  @Option(names = "--settle", description = "Seconds of unmeasured load before the first run, shared by every"
      + " run's workload and window in turn, in passes of at most 10 s per run; it warms the target and this"
      + " load generator's own JVM (default 0).")
  double settleSeconds = 0;
  @Option(names = "--duration", description = "Seconds measured per run, at most 3600 (default 10).")
  double durationSeconds = 10;
  @Option(names = "--max-ops", description = "Measured operations per run at most (default 10000000).")
  long maxOps = 10_000_000;
  @Option(names = "--request-timeout", description = "Seconds one request may take (default 10).")
  double requestTimeoutSeconds = 10;
  @Option(names = "--seed", description = "Seed of the key choice and value bytes (default 1).") long seed = 1;
  @Option(names = "--rss-pid", split = ",", paramLabel = "PID",
      description = "Report the resident memory (VmRSS) of these processes after each run.")
  List<Long> rssPids = new ArrayList<>();
  @Option(names = "--json-out", paramLabel = "FILE", description = "Also append each run's JSON line to FILE.")
  Path jsonOut;
  @Option(names = "--tag", description = "Label copied into each JSON line (e.g. round-2).") String tag;

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-bench.xml");
    }
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new BenchMain())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          cmd.getErr().println("ferrium-bench: " + e.getMessage());
          return e instanceof IllegalArgumentException ? 2 : 3;
        });
  }

  @Override
  public Integer call() throws Exception {
    List<LoadSettings> runs = plan();
    Duration settle = seconds(settleSeconds, "--settle");
    List<String> checked = Loopback.check(endpoints.isEmpty() ? defaultEndpoints() : endpoints);
    PrintStream out = System.out;
    List<RunResult> results = new ArrayList<>();
    try (Target t = open(checked)) {
      LoadRunner runner = new LoadRunner(t, System.err);
      runner.settle(runs, settle);
      for (LoadSettings run : runs) {
        RunResult result = runner.run(run);
        if (!rssPids.isEmpty()) {
          result = result.withRss(Rss.of(rssPids));
        }
        if (tag != null) {
          result = result.withTag(tag);
        }
        results.add(result);
        String line = Report.jsonLine(result);
        out.println(line);
        out.flush();
        if (jsonOut != null) {
          appendJson(jsonOut, line);
        }
      }
    }
    out.println();
    Report.table(results, out);
    out.flush();
    return results.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
  }

  /** Every (workload, outstanding) pair, validated before anything is sent. */
  List<LoadSettings> plan() {
    List<LoadSettings> runs = new ArrayList<>();
    for (String w : workloads) {
      Workload workload = Workload.of(w.trim());
      for (int n : outstanding) {
        runs.add(new LoadSettings(workload, n, keySize, valueSize, keyspace, seconds(warmupSeconds, "--warmup"),
            seconds(durationSeconds, "--duration"), maxOps, seconds(requestTimeoutSeconds, "--request-timeout"),
            seed));
      }
    }
    return runs;
  }

  private List<String> defaultEndpoints() {
    return target == TargetKind.etcd ? List.of("127.0.0.1:2379")
        : List.of("127.0.0.1:21002", "127.0.0.1:22002", "127.0.0.1:23002");
  }

  private Target open(List<String> checked) {
    Duration timeout = seconds(requestTimeoutSeconds, "--request-timeout");
    return target == TargetKind.etcd ? new EtcdTarget(checked) : new FerriumTarget(checked, timeout);
  }

  private static Duration seconds(double s, String option) {
    if (!(s >= 0) || s > LoadSettings.MAX_DURATION.toSeconds()) {
      throw new IllegalArgumentException(option + " must be 0..3600 seconds");
    }
    return Duration.ofNanos((long) (s * 1e9));
  }

  static void appendJson(Path file, String line) throws IOException {
    Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
