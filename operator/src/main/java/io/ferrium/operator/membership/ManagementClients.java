package io.ferrium.operator.membership;

import io.ferrium.client.ChannelFactory;
import io.ferrium.client.TlsChannelFactory;
import io.ferrium.client.TlsClientOptions;
import io.ferrium.operator.tls.CertificateState.ClientIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The management client for each cluster: plaintext, or mutual TLS with the operator's client
 * certificate for that cluster. The certificate comes from its Secret through the Kubernetes API
 * (clusters come and go, so nothing can be mounted into the operator's pod ahead of time) and is
 * written to private files that the TLS channels re-read when they change: a renewed certificate
 * or a new trust bundle is used by the next handshake, without reconnecting anything by hand.
 */
public final class ManagementClients implements AutoCloseable {
  private final ManagementClient plaintext;
  private final Path directory;
  private final Duration statusTimeout;
  private final Duration changeTimeout;
  private final Map<String, GrpcManagementClient> tls = new ConcurrentHashMap<>();
  private final Map<String, TlsChannelFactory> factories = new ConcurrentHashMap<>();

  /** @param directory where the operator keeps its client certificates, one subdirectory per cluster */
  public ManagementClients(ManagementClient plaintext, Path directory, Duration statusTimeout, Duration changeTimeout) {
    this.plaintext = plaintext;
    this.directory = directory;
    this.statusTimeout = statusTimeout;
    this.changeTimeout = changeTimeout;
  }

  public static ManagementClients inTempDirectory(ManagementClient plaintext) {
    try {
      return new ManagementClients(plaintext, Files.createTempDirectory("ferrium-operator-tls"),
          Duration.ofSeconds(3), Duration.ofSeconds(45));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for the operator's client certificates", e);
    }
  }

  /** Plaintext without an identity; mutual TLS with it. */
  public ManagementClient forCluster(String namespace, String name, Optional<ClientIdentity> identity) {
    if (identity.isEmpty()) {
      return plaintext;
    }
    String key = namespace + "/" + name;
    Path dir = directory.resolve(namespace).resolve(name);
    write(dir, identity.get());
    return tls.computeIfAbsent(key, k -> {
      TlsChannelFactory factory = ChannelFactory.tls(TlsClientOptions.fromDirectory(dir)
          .withReloadInterval(Duration.ofMillis(500)));
      factories.put(k, factory);
      return new GrpcManagementClient(factory, statusTimeout, changeTimeout);
    });
  }

  /** Forgets a deleted cluster's channels and files. */
  public void forget(String namespace, String name) {
    String key = namespace + "/" + name;
    Optional.ofNullable(tls.remove(key)).ifPresent(GrpcManagementClient::close);
    Optional.ofNullable(factories.remove(key)).ifPresent(TlsChannelFactory::close);
  }

  private static void write(Path dir, ClientIdentity identity) {
    try {
      Files.createDirectories(dir);
      // The key first and the certificate last: a reload between two writes pairs a new key with an
      // old certificate at worst for one poll, and the reload rejects a mismatched pair.
      replace(dir.resolve("tls.key"), identity.key());
      replace(dir.resolve("ca.crt"), identity.trustBundle());
      replace(dir.resolve("tls.crt"), identity.certificate());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the operator's client certificate to " + dir, e);
    }
  }

  private static void replace(Path file, String content) throws IOException {
    if (Files.exists(file) && Files.readString(file, StandardCharsets.US_ASCII).equals(content)) {
      return;
    }
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, content, StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the directory's own permissions protect the key
    }
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    tls.values().forEach(GrpcManagementClient::close);
    factories.values().forEach(TlsChannelFactory::close);
    tls.clear();
    factories.clear();
    plaintext.close();
  }
}
