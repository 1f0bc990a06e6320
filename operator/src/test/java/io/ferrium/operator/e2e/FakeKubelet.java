package io.ferrium.operator.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ferrium.operator.membership.AddressStrategy;
import io.ferrium.operator.membership.NodeAddress;
import io.ferrium.operator.model.FerriumResources;
import io.ferrium.server.FerriumNode;
import io.ferrium.server.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the StatefulSet controller and the kubelet against the mock API server: for every
 * StatefulSet it runs a real Ferrium node in this JVM per pod ordinal (on 127.0.0.1, ports picked by
 * the OS and kept across restarts), keeps Pod objects and the StatefulSet status up to date, and
 * stops the nodes of pods beyond the StatefulSet's size. As the operator's {@link AddressStrategy}
 * it maps pod names to those loopback ports; a {@link #block blocked} pod, or one not started yet,
 * maps to a closed port.
 */
final class FakeKubelet implements AddressStrategy, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FakeKubelet.class);
  private static final NodeAddress NOWHERE = new NodeAddress("127.0.0.1", 1, 1, 1);

  private final KubernetesClient client;
  private final String namespace;
  private final Path root;
  private final Map<String, FerriumNode> running = new ConcurrentHashMap<>();
  private final Map<String, NodeAddress> addresses = new ConcurrentHashMap<>();
  private final Set<String> blocked = ConcurrentHashMap.newKeySet();
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Map<String, Integer> starts = new ConcurrentHashMap<>();
  private final PodTlsVolumes tls;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-kubelet");
    t.setDaemon(true);
    return t;
  });

  FakeKubelet(KubernetesClient client, String namespace, Path root) {
    this.client = client;
    this.namespace = namespace;
    this.root = root;
    this.tls = new PodTlsVolumes(client, namespace, root);
  }

  void start() {
    loop.scheduleWithFixedDelay(this::converge, 0, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public NodeAddress address(String cluster, String ns, String podName) {
    if (blocked.contains(podName) || !running.containsKey(podName)) {
      return NOWHERE;
    }
    return addresses.getOrDefault(podName, NOWHERE);
  }

  /** The operator can no longer reach this pod's management API (the pods still reach each other). */
  void block(String pod) {
    blocked.add(pod);
  }

  void unblock(String pod) {
    blocked.remove(pod);
  }

  Optional<FerriumNode> node(String pod) {
    return Optional.ofNullable(running.get(pod));
  }

  /** How many times the pod's node was started: a restart of the container shows here. */
  int starts(String pod) {
    return starts.getOrDefault(pod, 0);
  }

  /** The directory the pod reads its TLS files from (a kubelet-style projected Secret volume). */
  Path tlsDirectory(String pod) {
    return tls.directory(pod);
  }

  /** host:port of the pod's Raft (peer) port. */
  String raftAddress(String pod) {
    return addresses.get(pod).raft();
  }

  /** host:port of the pod's gRPC API, whether or not the operator is blocked from it. */
  String apiAddress(String pod) {
    return addresses.get(pod).api();
  }

  /** The pod's container crashes and is restarted with its volume, as a kubelet would. */
  synchronized void restart(String pod, boolean wipeData) throws IOException {
    held.add(pod);
    try {
      FerriumNode node = running.remove(pod);
      if (node != null) {
        node.close();
      }
      if (wipeData) {
        deleteTree(root.resolve(pod));
      }
    } finally {
      held.remove(pod);
    }
  }

  private synchronized void converge() {
    try {
      List<StatefulSet> sets = client.apps().statefulSets().inNamespace(namespace).list().getItems();
      Set<String> podObjects = client.pods().inNamespace(namespace).list().getItems().stream()
          .map(p -> p.getMetadata().getName()).collect(java.util.stream.Collectors.toSet());
      for (String pod : Set.copyOf(running.keySet())) {
        if (!podObjects.contains(pod)) {
          // The Pod was deleted: its container stops; the StatefulSet re-creates it with the same volume.
          FerriumNode node = running.remove(pod);
          if (node != null) {
            node.close();
            LOG.info("pod {} deleted: its node stopped", pod);
          }
        }
      }
      for (StatefulSet set : sets) {
        converge(set);
      }
      for (String pod : Set.copyOf(running.keySet())) {
        boolean owned = sets.stream().anyMatch(s -> ordinal(s, pod) >= 0 && ordinal(s, pod) < replicas(s));
        if (!owned) {
          stop(pod);
        }
      }
    } catch (RuntimeException | IOException e) {
      LOG.warn("fake kubelet round failed: {}", e.toString());
    }
  }

  private void converge(StatefulSet set) throws IOException {
    String name = set.getMetadata().getName();
    int replicas = replicas(set);
    for (int i = 0; i < replicas; i++) {
      String pod = FerriumResources.pod(name, i);
      if (!running.containsKey(pod) && !held.contains(pod)) {
        if (!tls.project(set, pod)) {
          continue; // a Secret of its TLS volume is missing: the kubelet cannot start the container
        }
        startNode(set, pod);
        publishPod(set, pod);
      } else if (running.containsKey(pod)) {
        tls.project(set, pod); // Secret updates reach running pods' files, as the kubelet syncs them
      }
    }
    int ready = (int) running.keySet().stream().filter(p -> ordinal(set, p) >= 0 && ordinal(set, p) < replicas).count();
    if (set.getStatus() == null || !Integer.valueOf(ready).equals(set.getStatus().getReadyReplicas())
        || !Integer.valueOf(replicas).equals(set.getStatus().getReplicas())) {
      set.setStatus(new StatefulSetStatusBuilder().withReplicas(replicas).withReadyReplicas(ready)
          .withCurrentReplicas(replicas).withUpdatedReplicas(replicas).withAvailableReplicas(ready)
          .withObservedGeneration(set.getMetadata().getGeneration()).build());
      try {
        client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
      } catch (KubernetesClientException e) {
        LOG.debug("StatefulSet status update lost a race; retrying next round: {}", e.getMessage());
      }
    }
  }

  private void startNode(StatefulSet set, String pod) throws IOException {
    NodeConfig config = new NodeConfig();
    tls.security(set, pod).ifPresent(security -> config.security = security);
    config.node.id = pod;
    config.node.dataDir = root.resolve(pod).toString();
    config.network.bindHost = "127.0.0.1";
    config.network.advertiseHost = "127.0.0.1";
    NodeAddress known = addresses.get(pod);
    config.network.grpcPort = known == null ? 0 : known.grpcPort();
    config.network.raftPort = known == null ? 0 : known.raftPort();
    config.network.httpPort = 0;
    config.network.requestTimeoutMs = 15_000;
    config.cluster.name = pod.substring(0, pod.lastIndexOf('-'));
    config.cluster.autoInit = false;
    config.raft.electionTimeoutMinMs = 700;
    config.raft.electionTimeoutMaxMs = 1400;
    FerriumNode node = FerriumNode.start(config);
    addresses.put(pod, new NodeAddress("127.0.0.1", port(node.self().getApiAddress()), port(node.self().getRaftAddress()), 0));
    running.put(pod, node);
    starts.merge(pod, 1, Integer::sum);
    LOG.info("started node for pod {} at {}", pod, node.self().getApiAddress());
  }

  private void publishPod(StatefulSet set, String pod) {
    Pod object = new PodBuilder()
        .withNewMetadata()
          .withName(pod)
          .withNamespace(namespace)
          .withLabels(set.getSpec().getTemplate().getMetadata().getLabels())
          .addNewOwnerReference().withApiVersion("apps/v1").withKind("StatefulSet")
            .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid()).withController(true)
          .endOwnerReference()
        .endMetadata()
        .withSpec(set.getSpec().getTemplate().getSpec())
        .withNewStatus().withPhase("Running").withPodIP("127.0.0.1")
          .addNewCondition().withType("Ready").withStatus("True").endCondition()
        .endStatus()
        .build();
    client.pods().inNamespace(namespace).resource(object).createOr(existing -> existing.update());
  }

  private void stop(String pod) {
    FerriumNode node = running.remove(pod);
    if (node != null) {
      node.close();
      LOG.info("stopped node for pod {}", pod);
    }
    client.pods().inNamespace(namespace).withName(pod).delete();
  }

  private static int replicas(StatefulSet set) {
    return set.getSpec().getReplicas() == null ? 1 : set.getSpec().getReplicas();
  }

  private static int ordinal(StatefulSet set, String pod) {
    return FerriumResources.ordinal(set.getMetadata().getName(), pod);
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public synchronized void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running.values().forEach(FerriumNode::close);
    running.clear();
  }
}
