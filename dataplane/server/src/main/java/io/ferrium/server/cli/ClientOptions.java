package io.ferrium.server.cli;

import io.ferrium.client.FerriumClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every client command shares: where the cluster is, how to print, how long to wait. */
final class ClientOptions {
  @Option(names = {"-e", "--endpoints"}, paramLabel = "HOST:PORT[,...]",
      description = "gRPC API endpoints of the cluster (env FERRIUM_ENDPOINTS; default 127.0.0.1:21002).")
  String endpoints;

  @Option(names = {"-o", "--output"}, paramLabel = "table|json", description = "Output format (default table).")
  Output.Format output = Output.Format.table;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Time budget of a request (default 10).")
  long timeoutSeconds = 10;

  @Mixin
  TlsOptions tls = new TlsOptions();

  List<String> endpointList() {
    String value = endpoints != null ? endpoints : System.getenv().getOrDefault("FERRIUM_ENDPOINTS", "127.0.0.1:21002");
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toList());
  }

  FerriumClient client() {
    return client(endpointList());
  }

  /** A client of these endpoints with the TLS settings of the options or the environment. */
  FerriumClient client(List<String> endpoints) {
    return tls.applyTo(FerriumClient.builder().endpoints(endpoints).timeout(Duration.ofSeconds(timeoutSeconds)))
        .build();
  }

  Output output() {
    return new Output(output);
  }
}
