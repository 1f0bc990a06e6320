package io.ferrium.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * N node processes on 127.0.0.1 started from this installation, recorded in
 * {@code <dir>/cluster.json} (pid and start time of each), so that {@code down} stops exactly the
 * processes {@code up} started and never a process that reused a pid.
 */
final class LocalCluster {
  /** One started node, as recorded in cluster.json. */
  public record Node(String id, long pid, String started, int httpPort, int grpcPort, int raftPort,
      String dataDir, String log) {
    String apiAddress() {
      return "127.0.0.1:" + grpcPort;
    }

    String raftAddress() {
      return "127.0.0.1:" + raftPort;
    }

    /** The live process, if the recorded pid still runs the process that was started. */
    Optional<ProcessHandle> process() {
      return ProcessHandle.of(pid).filter(p -> p.isAlive()
          && p.info().startInstant().map(Instant::toString).map(started::equals).orElse(false));
    }
  }

  /** The whole state file. */
  public record State(List<Node> nodes) {
  }

  static final String STATE_FILE = "cluster.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  LocalCluster(Path dir) {
    this.dir = dir.toAbsolutePath();
  }

  Path dir() {
    return dir;
  }

  Optional<State> state() throws IOException {
    Path file = dir.resolve(STATE_FILE);
    return Files.exists(file) ? Optional.of(JSON.readValue(file.toFile(), State.class)) : Optional.empty();
  }

  /** Starts the node processes; ports are {@code base + 1000*(i-1) + 0/1/2} for HTTP, gRPC and Raft. */
  State start(int count, int basePort, List<String> javaOptions, Path config) throws IOException {
    Optional<State> existing = state();
    if (existing.isPresent() && existing.get().nodes().stream().anyMatch(n -> n.process().isPresent())) {
      throw new IllegalStateException("a local cluster started from " + dir + " is still running;"
          + " stop it with: ferrium local-cluster down --dir " + dir);
    }
    Files.createDirectories(dir);
    List<Node> nodes = new ArrayList<>();
    try {
      for (int i = 1; i <= count; i++) {
        int http = basePort + 1000 * (i - 1);
        for (int port : new int[] {http, http + 1, http + 2}) {
          requireFree(port);
        }
        nodes.add(launch("n" + i, http, http + 1, http + 2, javaOptions, config));
      }
    } catch (IOException | RuntimeException e) {
      stop(new State(nodes));
      throw e;
    }
    State state = new State(nodes);
    JSON.writeValue(dir.resolve(STATE_FILE).toFile(), state);
    return state;
  }

  private Node launch(String id, int http, int grpc, int raft, List<String> javaOptions, Path config)
      throws IOException {
    Path data = dir.resolve(id);
    Path log = dir.resolve(id + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), FerriumCli.class.getName(), "server",
        "--id", id, "--data-dir", data.toString(), "--bind-host", "127.0.0.1",
        "--http-port", Integer.toString(http), "--grpc-port", Integer.toString(grpc),
        "--raft-port", Integer.toString(raft), "--auto-init", "false"));
    if (config != null) {
      command.addAll(List.of("--config", config.toAbsolutePath().toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // glibc makes a malloc arena per thread that calls into RocksDB, each holding freed memory.
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    Process process = builder.start();
    String started = process.info().startInstant().map(Instant::toString).orElse("");
    return new Node(id, process.pid(), started, http, grpc, raft, data.toString(), log.toString());
  }

  /** Stops every recorded process that is still the one started (SIGTERM, then SIGKILL after 20 s). */
  List<String> stop(State state) {
    List<String> stopped = new ArrayList<>();
    for (Node node : state.nodes()) {
      node.process().ifPresent(p -> {
        p.destroy();
        stopped.add(node.id() + " (pid " + node.pid() + ")");
      });
    }
    for (Node node : state.nodes()) {
      node.process().ifPresent(p -> {
        try {
          p.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception timeout) {
          p.destroyForcibly();
        }
      });
    }
    return stopped;
  }

  void forget() throws IOException {
    Files.deleteIfExists(dir.resolve(STATE_FILE));
  }

  private static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
    } catch (IOException e) {
      throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use; choose another --base-port");
    }
  }
}
