package io.ferrium.client;

import io.ferrium.tls.ReloadingTlsMaterial;
import io.ferrium.tls.TlsFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a client speaks TLS to the nodes: the CA bundle that the nodes' certificates must chain to, and,
 * for mutual TLS, the client's own certificate chain and key. The files are PEM and are re-read when
 * they change (so a renewed client certificate is used by new connections).
 *
 * @param caFile CA bundle (one or more CA certificates)
 * @param certificateFile the client's certificate chain, leaf first; empty for plain TLS
 * @param keyFile the client's private key (RSA or EC; PKCS#8, PKCS#1 or SEC1); with certificateFile
 * @param authority overrides the host name checked against the server certificate (default: the host
 *     of each endpoint)
 * @param reloadInterval how often the files are checked for changes; zero: never
 */
public record TlsClientOptions(Path caFile, Optional<Path> certificateFile, Optional<Path> keyFile,
    Optional<String> authority, Duration reloadInterval) {

  public TlsClientOptions {
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(reloadInterval, "reloadInterval");
    if (certificateFile.isPresent() != keyFile.isPresent()) {
      throw new IllegalArgumentException("a client certificate and its key go together");
    }
  }

  /** TLS verifying the nodes against {@code caFile}; no client certificate. */
  public static TlsClientOptions trusting(Path caFile) {
    return new TlsClientOptions(caFile, Optional.empty(), Optional.empty(), Optional.empty(),
        ReloadingTlsMaterial.DEFAULT_POLL_INTERVAL);
  }

  /** Mutual TLS: verifies the nodes against {@code caFile} and presents this certificate. */
  public static TlsClientOptions mutual(Path caFile, Path certificateFile, Path keyFile) {
    return trusting(caFile).withClientCertificate(certificateFile, keyFile);
  }

  /** Mutual TLS from a cert-manager Secret directory: {@code ca.crt}, {@code tls.crt}, {@code tls.key}. */
  public static TlsClientOptions fromDirectory(Path dir) {
    return mutual(dir.resolve(TlsFiles.CA_FILE), dir.resolve(TlsFiles.CERTIFICATE_FILE),
        dir.resolve(TlsFiles.KEY_FILE));
  }

  public TlsClientOptions withClientCertificate(Path certificate, Path key) {
    return new TlsClientOptions(caFile, Optional.of(certificate), Optional.of(key), authority, reloadInterval);
  }

  public TlsClientOptions withAuthority(String authority) {
    return new TlsClientOptions(caFile, certificateFile, keyFile, Optional.of(authority), reloadInterval);
  }

  public TlsClientOptions withReloadInterval(Duration interval) {
    return new TlsClientOptions(caFile, certificateFile, keyFile, authority, interval);
  }

  TlsFiles files() {
    return new TlsFiles(certificateFile, keyFile, Optional.of(caFile));
  }
}
