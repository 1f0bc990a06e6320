package io.ferrium.operator.e2e;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ferrium.client.TlsClientOptions;
import io.ferrium.tls.KubernetesSecretVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A client pod's view of a certificate: {@code tls.crt} and {@code tls.key} from one Secret and
 * {@code ca.crt} from the trust bundle, kept current the way the kubelet keeps a projected volume.
 */
final class ClientTlsFiles implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final String certificateSecret;
  private final String bundleSecret;
  private final KubernetesSecretVolume volume;
  private final Path dir;
  private Map<String, String> published = Map.of();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "client-tls-files");
    t.setDaemon(true);
    return t;
  });

  ClientTlsFiles(KubernetesClient client, String namespace, String certificateSecret, String bundleSecret, Path dir) {
    this.client = client;
    this.namespace = namespace;
    this.certificateSecret = certificateSecret;
    this.bundleSecret = bundleSecret;
    this.dir = dir;
    this.volume = new KubernetesSecretVolume(dir);
    sync();
    loop.scheduleWithFixedDelay(this::sync, 200, 200, TimeUnit.MILLISECONDS);
  }

  TlsClientOptions options() {
    return TlsClientOptions.fromDirectory(dir).withReloadInterval(Duration.ofMillis(300));
  }

  private synchronized void sync() {
    Secret certificate = client.secrets().inNamespace(namespace).withName(certificateSecret).get();
    Secret bundle = client.secrets().inNamespace(namespace).withName(bundleSecret).get();
    if (certificate == null || bundle == null) {
      return;
    }
    Map<String, String> files = new TreeMap<>();
    files.put("tls.crt", CertManagerStandIn.decode(certificate.getData().get("tls.crt")));
    files.put("tls.key", CertManagerStandIn.decode(certificate.getData().get("tls.key")));
    files.put("ca.crt", CertManagerStandIn.decode(bundle.getData().get("ca.crt")));
    if (files.equals(published)) {
      return;
    }
    try {
      volume.publish(d -> files.forEach((name, content) -> {
        try {
          Files.writeString(d.resolve(name), content);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }));
      published = files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean ready() {
    return !published.isEmpty();
  }

  @Override
  public void close() {
    loop.shutdownNow();
  }
}
