package io.ferrium.server.cluster;

import static org.awaitility.Awaitility.await;

import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.InitRequest;
import io.ferrium.api.v1.ManagementServiceGrpc;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.PromoteMemberRequest;
import io.ferrium.api.v1.RemoveMemberRequest;
import io.ferrium.client.ChannelFactory;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.FerriumNode;
import io.ferrium.server.config.NodeConfig;
import io.ferrium.server.kv.FileTrees;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * N Ferrium nodes in this JVM on 127.0.0.1, in the vocabulary of Ratis's own tests:
 * {@link #runWithNewCluster}, {@link #killServer}, {@link #restartServer}, {@link #addNewPeers},
 * {@link #removePeer}. Ports are picked by the OS on first start and kept across restarts.
 */
public final class MiniCluster implements AutoCloseable {
  /** One node slot: its configuration (ports fixed after the first start) and the running node. */
  public static final class Peer {
    final String id;
    final NodeConfig config;
    FerriumNode node;

    Peer(String id, NodeConfig config) {
      this.id = id;
      this.config = config;
    }

    public String id() {
      return id;
    }

    public FerriumNode node() {
      return node;
    }

    public boolean running() {
      return node != null;
    }

    public String apiAddress() {
      return "127.0.0.1:" + config.network.grpcPort;
    }
  }

  @FunctionalInterface
  public interface Body {
    void run(MiniCluster cluster) throws Exception;
  }

  private final Path root;
  private final Consumer<NodeConfig> customizer;
  private final ChannelFactory channels;
  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private final Map<String, ManagedChannel> openChannels = new LinkedHashMap<>();
  private final List<FerriumClient> clients = new ArrayList<>();
  private int nextId = 1;
  private boolean ownsRoot;

  private MiniCluster(Path root, Consumer<NodeConfig> customizer, ChannelFactory channels) {
    this.root = root;
    this.customizer = customizer;
    this.channels = channels;
  }

  /** Starts {@code n} nodes, forms a cluster of them, runs {@code body}, then stops everything. */
  public static void runWithNewCluster(int n, Body body) throws Exception {
    runWithNewCluster(n, c -> { }, body);
  }

  public static void runWithNewCluster(int n, Consumer<NodeConfig> customizer, Body body) throws Exception {
    runWithNewCluster(n, customizer, ChannelFactory.PLAINTEXT, body);
  }

  /** As above, with the test's clients and management calls using {@code channels} (e.g. mutual TLS). */
  public static void runWithNewCluster(int n, Consumer<NodeConfig> customizer, ChannelFactory channels, Body body)
      throws Exception {
    Path root = Files.createTempDirectory("ferrium-cluster");
    try (MiniCluster cluster = new MiniCluster(root, customizer, channels)) {
      cluster.form(n);
      body.run(cluster);
    } finally {
      FileTrees.deleteRecursively(root);
    }
  }

  /**
   * Starts {@code n} nodes formed into a cluster, for callers that manage its lifetime themselves;
   * {@link #close} stops them and deletes their data.
   */
  public static MiniCluster start(int n) throws IOException {
    MiniCluster cluster = new MiniCluster(Files.createTempDirectory("ferrium-cluster"), c -> { },
        ChannelFactory.PLAINTEXT);
    cluster.ownsRoot = true;
    try {
      cluster.form(n);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** A node configuration for tests: loopback, OS-chosen ports, quick but safe elections. */
  public static NodeConfig testConfig(String id, Path dataDir) {
    NodeConfig c = new NodeConfig();
    c.node.id = id;
    c.node.dataDir = dataDir.toString();
    c.network.bindHost = "127.0.0.1";
    c.network.grpcPort = 0;
    c.network.raftPort = 0;
    c.network.httpPort = 0;
    c.network.requestTimeoutMs = 15_000;
    c.cluster.autoInit = false;
    c.raft.electionTimeoutMinMs = 700;
    c.raft.electionTimeoutMaxMs = 1400;
    c.raft.purgeGap = 1;
    return c;
  }

  /** The gRPC API endpoints of every node. */
  public List<String> endpoints() {
    return peers.values().stream().map(Peer::apiAddress).collect(Collectors.toList());
  }

  private void form(int n) throws IOException {
    List<Peer> started = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      started.add(startNewPeer());
    }
    List<Member> members = started.stream().map(p -> p.node.self()).collect(Collectors.toList());
    management(started.get(0).id).init(InitRequest.newBuilder().addAllMembers(members).build());
    awaitLeader();
  }

  private Peer startNewPeer() throws IOException {
    String id = "n" + nextId++;
    NodeConfig config = testConfig(id, root.resolve(id));
    customizer.accept(config);
    Peer peer = new Peer(id, config);
    peers.put(id, peer);
    startPeer(peer);
    return peer;
  }

  private void startPeer(Peer peer) throws IOException {
    peer.node = FerriumNode.start(peer.config);
    // Keep the ports the OS picked, so peers find this node again after a restart.
    peer.config.network.grpcPort = Integer.parseInt(peer.node.self().getApiAddress().split(":")[1]);
    peer.config.network.raftPort = Integer.parseInt(peer.node.self().getRaftAddress().split(":")[1]);
  }

  public Peer peer(String id) {
    Peer peer = peers.get(id);
    if (peer == null) {
      throw new IllegalArgumentException("no peer " + id);
    }
    return peer;
  }

  public List<Peer> peers() {
    return List.copyOf(peers.values());
  }

  public List<Peer> runningPeers() {
    return peers.values().stream().filter(Peer::running).collect(Collectors.toList());
  }

  /** Stops a node abruptly (its files stay). */
  public void killServer(String id) {
    Peer peer = peer(id);
    if (peer.node != null) {
      peer.node.close();
      peer.node = null;
    }
  }

  public void restartServer(String id) throws IOException {
    Peer peer = peer(id);
    killServer(id);
    startPeer(peer);
  }

  /** Starts {@code k} new nodes and adds each as a learner, then promotes it once caught up. */
  public List<Peer> addNewPeers(int k) throws IOException {
    List<Peer> added = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Peer peer = startNewPeer();
      String via = anyRunning().id;
      management(via).addMember(AddMemberRequest.newBuilder().setMember(peer.node.self()).build());
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> {
            management(anyRunning().id).promoteMember(PromoteMemberRequest.newBuilder().setId(peer.id).build());
            return true;
          });
      added.add(peer);
    }
    return added;
  }

  /** Removes a member from the group and stops its node. */
  public void removePeer(String id) {
    String via = runningPeers().stream().filter(p -> !p.id.equals(id)).findFirst().orElseThrow().id;
    management(via).removeMember(RemoveMemberRequest.newBuilder().setId(id).build());
    killServer(id);
    peers.remove(id);
  }

  /** Waits until the running nodes agree on a leader, and returns its id. */
  public String awaitLeader() {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
        .until(this::agreedLeader, l -> l != null && !l.isEmpty());
  }

  private String agreedLeader() {
    List<String> seen = runningPeers().stream()
        .map(p -> p.node.raft().division().map(d -> d.getInfo().getLeaderId()).map(Object::toString).orElse(""))
        .distinct().collect(Collectors.toList());
    String leader = seen.size() == 1 ? seen.get(0) : null;
    return leader != null && peers.containsKey(leader) && peers.get(leader).running() ? leader : null;
  }

  public GetClusterStatusResponse status(String via) {
    return management(via).getClusterStatus(GetClusterStatusRequest.getDefaultInstance());
  }

  private Peer anyRunning() {
    return runningPeers().stream().findFirst().orElseThrow(() -> new IllegalStateException("no node is running"));
  }

  /** A client of every running node, as a Service spreading requests would be. */
  public FerriumClient client() {
    return track(FerriumClient.builder()
        .endpoints(peers.values().stream().map(Peer::apiAddress).collect(Collectors.toList()))
        .channelFactory(channels).timeout(Duration.ofSeconds(60)).build());
  }

  /** A client of one node only. */
  public FerriumClient client(String id) {
    return track(FerriumClient.builder().endpoints(List.of(peer(id).apiAddress()))
        .channelFactory(channels).timeout(Duration.ofSeconds(30)).build());
  }

  private FerriumClient track(FerriumClient client) {
    clients.add(client);
    return client;
  }

  public ManagementServiceGrpc.ManagementServiceBlockingStub management(String id) {
    ManagedChannel channel = openChannels.computeIfAbsent(peer(id).apiAddress(), channels::open);
    return ManagementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    clients.forEach(FerriumClient::close);
    openChannels.values().forEach(ManagedChannel::shutdownNow);
    for (Peer peer : peers.values()) {
      if (peer.node != null) {
        peer.node.close();
        peer.node = null;
      }
    }
    if (ownsRoot) {
      try {
        FileTrees.deleteRecursively(root);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
