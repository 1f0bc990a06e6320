package io.ferrium.server.cli;

import io.ferrium.client.FerriumClient;
import io.ferrium.client.TlsClientOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Client TLS options: the nodes' CA, and a certificate and key for mutual TLS. */
final class TlsOptions {
  @Option(names = "--cacert", paramLabel = "FILE",
      description = "Use TLS, trusting the nodes' CA in FILE (env FERRIUM_CACERT).")
  Path caFile;

  @Option(names = "--cert", paramLabel = "FILE",
      description = "Client certificate for mutual TLS, with --key (env FERRIUM_CERT).")
  Path certFile;

  @Option(names = "--key", paramLabel = "FILE", description = "Client private key (env FERRIUM_KEY).")
  Path keyFile;

  /** Sets TLS on the builder when a CA is given here or in the environment. */
  FerriumClient.Builder applyTo(FerriumClient.Builder builder) {
    Path ca = orEnv(caFile, "FERRIUM_CACERT");
    Path cert = orEnv(certFile, "FERRIUM_CERT");
    Path key = orEnv(keyFile, "FERRIUM_KEY");
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException("--cert and --key go together");
    }
    if (cert != null && ca == null) {
      throw new IllegalArgumentException("--cert needs --cacert (the CA that issued the nodes' certificates)");
    }
    if (ca != null) {
      TlsClientOptions tls = TlsClientOptions.trusting(ca);
      builder.tls(cert == null ? tls : tls.withClientCertificate(cert, key));
    }
    return builder;
  }

  private static Path orEnv(Path option, String variable) {
    if (option != null) {
      return option;
    }
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? null : Path.of(value);
  }
}
