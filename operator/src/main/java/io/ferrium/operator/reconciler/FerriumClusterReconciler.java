package io.ferrium.operator.reconciler;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ferrium.operator.crd.FerriumCluster;
import io.ferrium.operator.crd.FerriumClusterStatus;
import io.fabric8.kubernetes.api.model.Condition;
import io.ferrium.operator.membership.AddressStrategy;
import io.ferrium.operator.membership.ManagementClient;
import io.ferrium.operator.membership.ManagementClients;
import io.ferrium.operator.membership.MembershipExecutor;
import io.ferrium.operator.tls.CertificateState;
import io.ferrium.operator.membership.MembershipObserver;
import io.ferrium.operator.membership.MembershipPlan;
import io.ferrium.operator.membership.MembershipPlan.Health;
import io.ferrium.operator.membership.MembershipPlanner;
import io.ferrium.operator.membership.MembershipStep;
import io.ferrium.operator.membership.Observation;
import io.ferrium.operator.model.ClusterSpec;
import io.ferrium.operator.model.FerriumResources;
import io.grpc.StatusRuntimeException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline, one small step each: validate the spec → observe the members → plan one
 * membership step → apply the owned objects (with the StatefulSet size the plan allows) → carry
 * out the step → write status. Owned objects are garbage-collected through owner references.
 */
// Comes back at least every minute even if a reconciliation failed and its retries ran out.
@ControllerConfiguration(name = "ferriumcluster",
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 60, timeUnit = TimeUnit.SECONDS))
public class FerriumClusterReconciler implements Reconciler<FerriumCluster> {
  private static final Logger LOG = LoggerFactory.getLogger(FerriumClusterReconciler.class);

  private final ManagementClients management;
  private final AddressStrategy addresses;
  private final ReconcilerSettings settings;
  private final RetryBackoff backoff;

  public FerriumClusterReconciler(ManagementClients management, AddressStrategy addresses, ReconcilerSettings settings) {
    this.management = management;
    this.addresses = addresses;
    this.settings = settings;
    this.backoff = new RetryBackoff(settings.retryInitial(), settings.retryMax());
  }

  @Override
  public List<EventSource<?, FerriumCluster>> prepareEventSources(EventSourceContext<FerriumCluster> context) {
    // StatefulSet status changes (pods started, ready) move the membership on.
    return List.of(new InformerEventSource<>(
        InformerEventSourceConfiguration.from(StatefulSet.class, FerriumCluster.class)
            .withLabelSelector(FerriumResources.MANAGED_BY_LABEL + "=" + FerriumResources.OPERATOR)
            .build(),
        context));
  }

  @Override
  public UpdateControl<FerriumCluster> reconcile(FerriumCluster cluster, Context<FerriumCluster> context) {
    KubernetesClient client = context.getClient();
    EventRecorder events = new EventRecorder(client);
    String key = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();

    List<String> problems = SpecValidator.problems(cluster.getSpec());
    if (!problems.isEmpty()) {
      return rejectSpec(client, cluster, problems, events);
    }
    ClusterSpec spec = ClusterSpec.from(cluster);
    CertificateState certificates = certificates(client, spec);
    ManagementClient managementClient = management.forCluster(spec.namespace(), spec.name(),
        certificates.operatorIdentity());
    MembershipObserver observer = new MembershipObserver(managementClient, addresses);
    MembershipExecutor executor = new MembershipExecutor(managementClient, addresses, settings.maxLag());
    StatefulSet current = client.apps().statefulSets().inNamespace(spec.namespace())
        .withName(FerriumResources.statefulSet(spec.name())).get();
    int currentReplicas = current == null || current.getSpec().getReplicas() == null ? 0 : current.getSpec().getReplicas();

    Observation observed = observer.observe(spec.name(), spec.namespace(), Math.max(spec.replicas(), currentReplicas));
    Optional<String> knownClusterId = Optional.ofNullable(cluster.getStatus()).map(FerriumClusterStatus::getClusterId);
    MembershipPlan plan = new MembershipPlanner(spec.name(), settings.maxLag())
        .plan(spec.replicas(), currentReplicas, observed, knownClusterId);
    LOG.debug("{}: plan {}", key, plan);

    new OwnedResources(client).apply(spec, plan.statefulSetReplicas(), certificates.podFilesReady());
    Optional<String> stepError = execute(executor, cluster, spec, plan, observed, events);

    int ready = current == null || current.getStatus() == null || current.getStatus().getReadyReplicas() == null
        ? 0 : current.getStatus().getReadyReplicas();
    FerriumClusterStatus status = StatusFactory.withCertificates(
        StatusFactory.observed(cluster, plan, observed, ready, stepError, Instant.now()), certificates,
        cluster.getMetadata().getGeneration(), Instant.now());
    reportCertificateChange(cluster, certificates, events);
    warnOnNewDegradation(cluster, status, events);
    StatusWriter.write(client, cluster, status);

    Duration next;
    if (plan.health() == Health.DEGRADED || stepError.isPresent() || !certificates.ready()) {
      next = backoff.next(key);
    } else {
      backoff.reset(key);
      next = plan.health() == Health.STEADY ? settings.resyncInterval() : settings.stepInterval();
    }
    return UpdateControl.<FerriumCluster>noUpdate().rescheduleAfter(next);
  }

  /** The certificate step; its failure is reported in CertificatesReady and stops nothing else. */
  private CertificateState certificates(KubernetesClient client, ClusterSpec spec) {
    try {
      return new ClusterCertificates(client, settings.certificatePropagation()).reconcile(spec, Instant.now());
    } catch (RuntimeException e) {
      LOG.warn("{}/{}: certificate step failed: {}", spec.namespace(), spec.name(), e.toString());
      return CertificateState.notReady("CertificateStepFailed", "could not reconcile the certificates: " + e.getMessage()
          + "; retrying", false, Optional.empty(), List.of());
    }
  }

  private static void reportCertificateChange(FerriumCluster cluster, CertificateState now, EventRecorder events) {
    if (!now.enabled()) {
      return;
    }
    Optional<Condition> before = Optional.ofNullable(cluster.getStatus())
        .flatMap(s -> Conditions.find(s.getConditions(), Conditions.CERTIFICATES_READY));
    boolean changed = before.map(c -> !c.getReason().equals(now.reason())).orElse(true);
    if (changed && !now.ready()) {
      events.warning(cluster, now.reason(), now.message());
    } else if (changed) {
      events.normal(cluster, "CertificatesIssued", now.message());
    }
  }

  private Optional<String> execute(MembershipExecutor executor, FerriumCluster cluster, ClusterSpec spec, MembershipPlan plan, Observation observed,
      EventRecorder events) {
    MembershipStep step = plan.step();
    if (step instanceof MembershipStep.None) {
      return Optional.empty();
    }
    if (step instanceof MembershipStep.Shrink) {
      events.normal(cluster, "Shrink", step.describe());
      return Optional.empty(); // applied with the StatefulSet above
    }
    String leader = observed.cluster().map(v -> v.leaderId()).orElse("");
    try {
      executor.execute(spec.name(), spec.namespace(), step, leader);
      events.normal(cluster, step.getClass().getSimpleName(), step.describe());
      return Optional.empty();
    } catch (StatusRuntimeException e) {
      String why = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
      LOG.warn("{}/{}: could not {}: {}", spec.namespace(), spec.name(), step.describe(), why);
      events.warning(cluster, "StepFailed", "could not " + step.describe() + ": " + why);
      return Optional.of(why);
    }
  }

  private UpdateControl<FerriumCluster> rejectSpec(KubernetesClient client, FerriumCluster cluster, List<String> problems,
      EventRecorder events) {
    FerriumClusterStatus status = StatusFactory.invalid(cluster, problems, Instant.now());
    String message = String.join("; ", problems);
    boolean alreadyReported = cluster.getStatus() != null
        && StatusFactory.PHASE_INVALID.equals(cluster.getStatus().getPhase())
        && Conditions.find(cluster.getStatus().getConditions(), Conditions.DEGRADED)
            .map(c -> message.equals(c.getMessage())).orElse(false);
    if (!alreadyReported) {
      LOG.warn("{}/{}: invalid spec: {}", cluster.getMetadata().getNamespace(), cluster.getMetadata().getName(), message);
      events.warning(cluster, "InvalidSpec", message);
    }
    StatusWriter.write(client, cluster, status);
    return UpdateControl.noUpdate();
  }

  private static void warnOnNewDegradation(FerriumCluster cluster, FerriumClusterStatus status, EventRecorder events) {
    boolean was = cluster.getStatus() != null && Conditions.isTrue(cluster.getStatus().getConditions(), Conditions.DEGRADED);
    boolean is = Conditions.isTrue(status.getConditions(), Conditions.DEGRADED);
    if (is && !was) {
      String message = Conditions.find(status.getConditions(), Conditions.DEGRADED).map(c -> c.getMessage()).orElse("");
      events.warning(cluster, "Degraded", message);
    } else if (was && !is) {
      events.normal(cluster, "Recovered", Objects.toString(status.getPhase()));
    }
  }
}
