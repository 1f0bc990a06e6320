package io.ferrium.server.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a loaded configuration; reports every problem at once, each naming its key. */
final class ConfigValidator {
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final long MAX_SNAPSHOT_LOG_MB = 1L << 20;

  private ConfigValidator() {
  }

  static void validate(NodeConfig c) throws ConfigException {
    List<String> errors = new ArrayList<>();
    if (!ID.matcher(c.node.id).matches()) {
      errors.add("node.id '" + c.node.id + "' must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (c.node.dataDir.isBlank()) {
      errors.add("node.data-dir must not be empty");
    }
    if (c.network.bindHost.isBlank()) {
      errors.add("network.bind-host must not be empty");
    }
    port(errors, "network.http-port", c.network.httpPort);
    port(errors, "network.grpc-port", c.network.grpcPort);
    port(errors, "network.raft-port", c.network.raftPort);
    Set<Integer> ports = new HashSet<>();
    for (int p : new int[] {c.network.httpPort, c.network.grpcPort, c.network.raftPort}) {
      if (p != 0 && !ports.add(p)) {
        errors.add("network.http-port, grpc-port and raft-port must differ (" + p + " is used twice)");
      }
    }
    positive(errors, "network.request-timeout-ms", c.network.requestTimeoutMs);
    positive(errors, "storage.max-key-bytes", c.storage.maxKeyBytes);
    positive(errors, "storage.max-value-bytes", c.storage.maxValueBytes);
    positive(errors, "storage.max-txn-ops", c.storage.maxTxnOps);
    positive(errors, "storage.snapshot-threshold", c.storage.snapshotThreshold);
    positive(errors, "storage.snapshot-log-mb", c.storage.snapshotLogMb);
    if (c.storage.snapshotLogMb > MAX_SNAPSHOT_LOG_MB) {
      errors.add("storage.snapshot-log-mb must be at most " + MAX_SNAPSHOT_LOG_MB + " (1 TiB)");
    }
    positive(errors, "storage.snapshots-retained", c.storage.snapshotsRetained);
    long minRequest = (long) c.storage.maxKeyBytes + c.storage.maxValueBytes + 1024;
    if (c.storage.maxRequestBytes < minRequest) {
      errors.add("storage.max-request-bytes (" + c.storage.maxRequestBytes + ") must be at least max-key-bytes"
          + " + max-value-bytes + 1024 (" + minRequest + ")");
    }
    if (c.storage.maxRequestBytes > 64 * 1024 * 1024) {
      errors.add("storage.max-request-bytes must be at most 64 MiB");
    }
    positive(errors, "raft.election-timeout-min-ms", c.raft.electionTimeoutMinMs);
    if (c.raft.electionTimeoutMaxMs <= c.raft.electionTimeoutMinMs) {
      errors.add("raft.election-timeout-max-ms (" + c.raft.electionTimeoutMaxMs
          + ") must be greater than raft.election-timeout-min-ms (" + c.raft.electionTimeoutMinMs + ")");
    }
    positive(errors, "raft.rpc-timeout-ms", c.raft.rpcTimeoutMs);
    positive(errors, "raft.log-segment-size-mb", c.raft.logSegmentSizeMb);
    if (c.raft.purgeGap < 0) {
      errors.add("raft.purge-gap must not be negative");
    }
    if (!LEVELS.contains(c.logging.level.toUpperCase(Locale.ROOT))) {
      errors.add("logging.level '" + c.logging.level + "' must be one of " + LEVELS);
    }
    if (!Set.of("text", "json").contains(c.logging.format)) {
      errors.add("logging.format '" + c.logging.format + "' must be text or json");
    }
    if (!ID.matcher(c.cluster.name).matches()) {
      errors.add("cluster.name '" + c.cluster.name + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
    boolean anyTls = false;
    boolean needsCa = false;
    for (String[] surface : new String[][] {
        {"security.grpc-tls", c.security.grpcTls}, {"security.http-tls", c.security.httpTls},
        {"security.raft-tls", c.security.raftTls}}) {
      if (!Set.of("off", "tls", "mtls").contains(surface[1])) {
        errors.add(surface[0] + " '" + surface[1] + "' must be off, tls or mtls");
      } else if (!"off".equals(surface[1])) {
        anyTls = true;
        needsCa |= "mtls".equals(surface[1]) || "security.raft-tls".equals(surface[0]);
      }
    }
    if (anyTls && (c.security.certFile.isBlank() || c.security.keyFile.isBlank())) {
      errors.add("security.cert-file and security.key-file are required when a surface uses TLS");
    }
    if (needsCa && c.security.caFile.isBlank()) {
      errors.add("security.ca-file is required for mtls and for TLS on raft (peers verify each other)");
    }
    if (c.security.reloadIntervalMs <= 0) {
      errors.add("security.reload-interval-ms must be positive");
    }
    if (!errors.isEmpty()) {
      throw new ConfigException("invalid configuration:\n  - " + String.join("\n  - ", errors));
    }
  }

  private static void port(List<String> errors, String key, int port) {
    if (port < 0 || port > 65535) {
      errors.add(key + " " + port + " must be between 1 and 65535 (0 picks a free port)");
    }
  }

  private static void positive(List<String> errors, String key, long value) {
    if (value <= 0) {
      errors.add(key + " must be positive, not " + value);
    }
  }
}
