package io.ferrium.server.cli;

import io.ferrium.server.FerriumNode;
import io.ferrium.server.config.ConfigException;
import io.ferrium.server.config.ConfigLoader;
import io.ferrium.server.config.NodeConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferrium server}: runs one node until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "server", mixinStandardHelpOptions = true, version = "ferrium 0.1.0",
    description = "Runs one Ferrium node. With no options: a one-node cluster on 127.0.0.1"
        + " (HTTP 21001, gRPC 21002, Raft 21003), data in ./ferrium-data.",
    sortOptions = false)
public final class ServerMain implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "TOML configuration file.")
  Path configFile;

  @Option(names = "--generate-config", paramLabel = "FILE",
      description = "Write a commented default configuration to FILE and exit.")
  Path generateConfig;

  @Option(names = "--set", paramLabel = "SECTION.KEY=VALUE",
      description = "Override any configuration key, e.g. --set raft.election-timeout-min-ms=500.")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--id", description = "node.id") String id;
  @Option(names = "--data-dir", description = "node.data-dir") String dataDir;
  @Option(names = "--bind-host", description = "network.bind-host") String bindHost;
  @Option(names = "--advertise-host", description = "network.advertise-host") String advertiseHost;
  @Option(names = "--http-port", description = "network.http-port") Integer httpPort;
  @Option(names = "--grpc-port", description = "network.grpc-port") Integer grpcPort;
  @Option(names = "--raft-port", description = "network.raft-port") Integer raftPort;
  @Option(names = "--cluster-name", description = "cluster.name") String clusterName;
  @Option(names = "--auto-init", arity = "1", paramLabel = "true|false", description = "cluster.auto-init")
  Boolean autoInit;
  @Option(names = "--log-level", description = "logging.level") String logLevel;

  @Option(names = "--print-config", description = "Print the effective configuration and exit.")
  boolean printConfig;

  @Override
  public Integer call() throws Exception {
    if (generateConfig != null) {
      try {
        ConfigLoader.generate(generateConfig);
      } catch (ConfigException e) {
        System.err.println("ferrium: " + e.getMessage());
        return 2;
      }
      System.out.println("Wrote the default configuration to " + generateConfig);
      return 0;
    }
    NodeConfig config;
    try {
      config = ConfigLoader.load(Optional.ofNullable(configFile), System.getenv(), allOverrides());
    } catch (ConfigException e) {
      System.err.println("ferrium: " + e.getMessage());
      return 2;
    }
    if (printConfig) {
      System.out.print(ConfigLoader.toToml(config));
      return 0;
    }
    LoggingSetup.apply(config.logging);
    FerriumNode node;
    try {
      node = FerriumNode.start(config);
    } catch (Exception e) {
      System.err.println("ferrium: cannot start node " + config.node.id + ": " + e.getMessage());
      org.slf4j.LoggerFactory.getLogger(ServerMain.class).debug("start failure", e);
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "ferrium-shutdown"));
    stopped.await();
    return 0;
  }

  private Map<String, String> allOverrides() {
    Map<String, String> all = new LinkedHashMap<>();
    put(all, "node.id", id);
    put(all, "node.data-dir", dataDir);
    put(all, "network.bind-host", bindHost);
    put(all, "network.advertise-host", advertiseHost);
    put(all, "network.http-port", httpPort);
    put(all, "network.grpc-port", grpcPort);
    put(all, "network.raft-port", raftPort);
    put(all, "cluster.name", clusterName);
    put(all, "cluster.auto-init", autoInit);
    put(all, "logging.level", logLevel);
    all.putAll(overrides);
    return all;
  }

  private static void put(Map<String, String> map, String key, Object value) {
    if (value != null) {
      map.put(key, value.toString());
    }
  }
}
