package io.ferrium.server.cli;

import io.ferrium.api.v1.ManagementServiceGrpc.ManagementServiceFutureStub;
import io.ferrium.api.v1.TakeSnapshotRequest;
import io.ferrium.client.FerriumClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferrium snapshot}: snapshot every given endpoint's node and purge its log. */
@Command(name = "snapshot", description = "Take a snapshot on each endpoint's node now (and purge its Raft log).",
    mixinStandardHelpOptions = true)
final class SnapshotCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String endpoint : options.endpointList()) {
      try (FerriumClient one = options.client(List.of(endpoint))) {
        long index = one.management(ManagementServiceFutureStub::takeSnapshot, TakeSnapshotRequest.getDefaultInstance())
            .getIndex();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("endpoint", endpoint);
        row.put("index", index);
        rows.add(row);
      }
    }
    options.output().rows(Cli.out(spec), Map.of("snapshots", rows), rows);
    return ExitCodes.OK;
  }
}
