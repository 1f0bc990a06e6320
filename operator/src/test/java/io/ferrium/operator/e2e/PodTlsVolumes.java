package io.ferrium.operator.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.server.config.ConfigLoader;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.tls.KubernetesSecretVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's side of the pods' TLS: the StatefulSet's projected {@code tls} volume, filled from
 * its Secrets into a per-pod directory with the kubelet's atomic {@code ..data} swap (re-published
 * whenever a Secret changes), and the node's {@code [security]} settings read from the operator's
 * ConfigMap, with the file paths pointing into that directory.
 */
final class PodTlsVolumes {
  private final KubernetesClient client;
  private final String namespace;
  private final Path root;
  private final Map<String, KubernetesSecretVolume> volumes = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> published = new ConcurrentHashMap<>();

  PodTlsVolumes(KubernetesClient client, String namespace, Path root) {
    this.client = client;
    this.namespace = namespace;
    this.root = root;
  }

  Path directory(String pod) {
    return root.resolve(pod + "-tls");
  }

  /** Brings the pod's TLS files up to date; false if one of the volume's Secrets does not exist (yet). */
  boolean project(StatefulSet set, String pod) throws IOException {
    Optional<Volume> volume = volume(set, FerriumResources.TLS_VOLUME);
    if (volume.isEmpty()) {
      return true;
    }
    Map<String, String> files = new TreeMap<>();
    for (VolumeProjection source : volume.get().getProjected().getSources()) {
      Secret secret = client.secrets().inNamespace(namespace).withName(source.getSecret().getName()).get();
      if (secret == null || secret.getData() == null) {
        return false;
      }
      for (KeyToPath item : source.getSecret().getItems()) {
        String value = secret.getData().get(item.getKey());
        if (value == null) {
          return false;
        }
        files.put(item.getPath(), new String(Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    if (!files.equals(published.get(pod))) {
      volumes.computeIfAbsent(pod, p -> new KubernetesSecretVolume(directory(p))).publish(dir -> {
        try {
          for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue());
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      published.put(pod, files);
    }
    return true;
  }

  /** The node's [security] section from the cluster's ConfigMap, when the pod has a TLS volume. */
  Optional<NodeConfig.Security> security(StatefulSet set, String pod) throws IOException {
    if (volume(set, FerriumResources.TLS_VOLUME).isEmpty()) {
      return Optional.empty();
    }
    String configMapName = volume(set, FerriumResources.CONFIG_VOLUME).orElseThrow().getConfigMap().getName();
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(configMapName).get();
    Path file = root.resolve(pod + "-" + FerriumResources.CONFIG_FILE);
    Files.writeString(file, configMap.getData().get(FerriumResources.CONFIG_FILE));
    Path dir = directory(pod);
    try {
      return Optional.of(ConfigLoader.load(Optional.of(file), Map.of(), Map.of(
          "node.data-dir", root.resolve(pod).toString(),
          "security.cert-file", dir.resolve("tls.crt").toString(),
          "security.key-file", dir.resolve("tls.key").toString(),
          "security.ca-file", dir.resolve("ca.crt").toString())).security);
    } catch (Exception e) {
      throw new IllegalStateException("the operator's node configuration does not load: " + e.getMessage(), e);
    }
  }

  private static Optional<Volume> volume(StatefulSet set, String name) {
    return set.getSpec().getTemplate().getSpec().getVolumes().stream().filter(v -> name.equals(v.getName())).findFirst();
  }
}
