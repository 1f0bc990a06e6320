package io.ferrium.operator.e2e;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ferrium.operator.membership.ManagementClients;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.client.ChannelFactory;
import io.ferrium.operator.FerriumOperator;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.FerriumClusterSpec;
import io.ferrium.operator.membership.GrpcManagementClient;
import io.ferrium.operator.reconciler.ReconcilerSettings;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The operator against the Fabric8 mock API server in CRUD mode, with a {@link FakeKubelet}
 * running real nodes for the pods. Everything listens on 127.0.0.1 and stops on close.
 */
final class OperatorHarness implements AutoCloseable {
  static final String NAMESPACE = "test";
  /** The fake kubelet projects Secrets within a round (200 ms) and nodes re-read files every second. */
  static final Duration CERTIFICATE_PROPAGATION = Duration.ofSeconds(3);

  final KubernetesMockServer server;
  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  static final String OPERATOR_USER_AGENT = "ferrium-operator-under-test";

  final KubernetesClient client;
  /** The operators' own client: its requests are told apart by user agent and checked against RBAC. */
  final KubernetesClient operatorClient;
  final FakeKubelet kubelet;
  final GrpcManagementClient management;
  final ManagementClients operatorManagement;
  private final RbacRules rbac = RbacRules.load();
  private final List<String> uncovered = new java.util.concurrent.CopyOnWriteArrayList<>();
  private CertManagerStandIn certManager;
  /** Operator requests checked so far: shows the check saw the operator at all. */
  final java.util.concurrent.atomic.AtomicInteger operatorRequests = new java.util.concurrent.atomic.AtomicInteger();
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final Operator operator;
  private final List<Operator> operators = new java.util.concurrent.CopyOnWriteArrayList<>();

  OperatorHarness(Path root) {
    this(root, o -> { });
  }

  OperatorHarness(Path root, Consumer<ConfigurationServiceOverrider> runtime) {
    // CRUD mode, plus the few canned answers set with expect() (one map shared by both).
    expectations = new java.util.concurrent.ConcurrentHashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations,
            List.of(CustomResourceDefinitionContext.fromCustomResourceType(FerriumCluster.class),
                certManagerKind("certificates", "Certificate"), certManagerKind("issuers", "Issuer"))),
        false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    operatorClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
        .withUserAgent(OPERATOR_USER_AGENT).build()).build();
    // JOSDK asks whether it may use Leases before electing a leader; the mock has no RBAC to ask.
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
            .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("*")
            .endResourceRule().withIncomplete(false).endStatus().build())
        .always();
    // cert-manager is not installed until a test installs it: its API is not served (the CRUD mock would
    // otherwise answer discovery for the kinds it was told about).
    server.expect().get().withPath(CertManagerStandIn.DISCOVERY_PATH)
        .andReturn(404, new io.fabric8.kubernetes.api.model.StatusBuilder().withCode(404).withReason("NotFound").build())
        .always();
    kubelet = new FakeKubelet(client, NAMESPACE, root);
    kubelet.start();
    management = new GrpcManagementClient(ChannelFactory.PLAINTEXT, Duration.ofSeconds(2), Duration.ofSeconds(30));
    operatorManagement = new ManagementClients(
        new GrpcManagementClient(ChannelFactory.PLAINTEXT, Duration.ofSeconds(2), Duration.ofSeconds(30)),
        root.resolve("operator-tls"), Duration.ofSeconds(2), Duration.ofSeconds(30));
    operator = startOperator(runtime, MicrometerMetrics.newPerResourceCollectingMicrometerMetricsBuilder(registry).build());
  }

  /** Another operator replica against the same API server and pods. */
  Operator startOperator(Consumer<ConfigurationServiceOverrider> runtime, Metrics metrics) {
    ReconcilerSettings settings = new ReconcilerSettings(Duration.ofMillis(300), Duration.ofSeconds(3),
        Duration.ofMillis(300), Duration.ofSeconds(3), 100, CERTIFICATE_PROPAGATION);
    Operator started = FerriumOperator.create(operatorClient, operatorManagement, kubelet, settings, Set.of(NAMESPACE),
        metrics, runtime);
    operators.add(started);
    started.start();
    return started;
  }

  /** cert-manager, played by {@link CertManagerStandIn}, is installed from now on. */
  CertManagerStandIn installCertManager() {
    expectations.remove(new io.fabric8.mockwebserver.internal.SimpleRequest(
        io.fabric8.mockwebserver.dsl.HttpMethod.GET, CertManagerStandIn.DISCOVERY_PATH));
    certManager = CertManagerStandIn.install(server, client, NAMESPACE);
    return certManager;
  }

  /**
   * Every request the operator sent so far that its ClusterRole ({@link RbacRules}) would not allow,
   * one line each; checks and forgets the requests recorded up to now.
   */
  List<String> requestsNotCoveredByRbac() throws InterruptedException {
    io.fabric8.mockwebserver.http.RecordedRequest request;
    while ((request = server.takeRequest(1, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
      if (OPERATOR_USER_AGENT.equals(request.getHeader("User-Agent"))) {
        operatorRequests.incrementAndGet();
        rbac.uncovered(request).filter(u -> !uncovered.contains(u)).ifPresent(uncovered::add);
      }
    }
    return List.copyOf(uncovered);
  }

  private static CustomResourceDefinitionContext certManagerKind(String plural, String kind) {
    return new CustomResourceDefinitionContext.Builder().withGroup("cert-manager.io").withVersion("v1")
        .withPlural(plural).withKind(kind).withScope("Namespaced").withStatusSubresource(true).build();
  }

  FerriumCluster create(String name, int replicas, Consumer<FerriumClusterSpec> customizer) {
    FerriumCluster cluster = new FerriumCluster();
    cluster.getMetadata().setName(name);
    cluster.getMetadata().setNamespace(NAMESPACE);
    cluster.getSpec().setReplicas(replicas);
    customizer.accept(cluster.getSpec());
    return client.resource(cluster).create();
  }

  FerriumCluster get(String name) {
    return client.resources(FerriumCluster.class).inNamespace(NAMESPACE).withName(name).get();
  }

  void edit(String name, Consumer<FerriumClusterSpec> change) {
    client.resources(FerriumCluster.class).inNamespace(NAMESPACE).withName(name).edit(c -> {
      change.accept(c.getSpec());
      return c;
    });
  }

  StatefulSet statefulSet(String name) {
    return client.apps().statefulSets().inNamespace(NAMESPACE).withName(name).get();
  }

  /** The cluster as the node of {@code pod} sees it, asked directly (not through the operator). */
  GetClusterStatusResponse status(String pod) {
    return management.status(kubelet.apiAddress(pod), false);
  }

  @Override
  public void close() {
    try {
      operators.forEach(Operator::stop);
    } finally {
      if (certManager != null) {
        certManager.close();
      }
      kubelet.close();
      management.close();
      operatorManagement.close();
      operatorClient.close();
      client.close();
      server.destroy();
    }
  }
}
