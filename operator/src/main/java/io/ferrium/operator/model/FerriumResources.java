package io.ferrium.operator.model;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Names and labels of everything a FerriumCluster owns, from one place. The StatefulSet and the
 * client Service carry the cluster's name; pods are {@code NAME-0 .. NAME-(n-1)} and reach each
 * other as {@code NAME-i.NAME-peers.NAMESPACE.svc}.
 */
public final class FerriumResources {
  public static final String APP_LABEL = "app.kubernetes.io/name";
  public static final String INSTANCE_LABEL = "app.kubernetes.io/instance";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String APP = "ferrium";
  public static final String OPERATOR = "ferrium-operator";

  public static final int HTTP_PORT = 21001;
  public static final int GRPC_PORT = 21002;
  public static final int RAFT_PORT = 21003;

  public static final String DATA_VOLUME = "data";
  public static final String DATA_DIR = "/var/lib/ferrium";
  /** Writable scratch space under a read-only root filesystem (native libraries are unpacked there). */
  public static final String TMP_VOLUME = "tmp";
  public static final String TMP_DIR = "/tmp";
  /** The node image's unprivileged user and group (dataplane/server/Dockerfile). */
  public static final long NODE_UID = 10001L;
  public static final String CONFIG_VOLUME = "config";
  public static final String CONFIG_DIR = "/etc/ferrium";
  public static final String CONFIG_FILE = "ferrium.toml";
  /** The pod's TLS files: tls.crt and tls.key from its certificate's Secret, ca.crt from the trust bundle. */
  public static final String TLS_VOLUME = "tls";
  public static final String TLS_DIR = "/etc/ferrium/tls";
  public static final String CERT_MANAGER_GROUP = "cert-manager.io";
  public static final String CERT_MANAGER_VERSION = "v1";

  private FerriumResources() {}

  public static String statefulSet(String cluster) {
    return cluster;
  }

  public static String clientService(String cluster) {
    return cluster;
  }

  public static String peerService(String cluster) {
    return cluster + "-peers";
  }

  public static String configMap(String cluster) {
    return cluster + "-config";
  }

  public static String podDisruptionBudget(String cluster) {
    return cluster;
  }

  /** The pods' certificate (server and client identity of every pod) and its Secret. */
  public static String podCertificate(String cluster) {
    return cluster + "-tls";
  }

  /** The operator's client certificate for this cluster, and its Secret. */
  public static String operatorCertificate(String cluster) {
    return cluster + "-operator-client";
  }

  /** The Secret whose {@code ca.crt} every pod and the operator trust: current and previous CAs. */
  public static String trustBundle(String cluster) {
    return cluster + "-trust";
  }

  /** Bootstrap chain (no issuerRef): the self-signed Issuer that signs only the cluster's CA. */
  public static String selfSignedIssuer(String cluster) {
    return cluster + "-selfsigned";
  }

  /** Bootstrap chain: the CA Certificate and the Secret cert-manager writes it to (newest CA). */
  public static String caCertificate(String cluster) {
    return cluster + "-ca";
  }

  /** Bootstrap chain: the Secret the CA Issuer signs with, a copy of the CA once every pod trusts it. */
  public static String signingSecret(String cluster) {
    return cluster + "-ca-signing";
  }

  /** Bootstrap chain: the CA Issuer that signs the pod and operator certificates. */
  public static String caIssuer(String cluster) {
    return cluster + "-ca";
  }

  public static String pod(String cluster, int ordinal) {
    return cluster + "-" + ordinal;
  }

  /** The ordinal of one of this cluster's pods, or -1 if the name is not one of them. */
  public static int ordinal(String cluster, String podName) {
    String prefix = cluster + "-";
    if (!podName.startsWith(prefix)) {
      return -1;
    }
    String rest = podName.substring(prefix.length());
    if (rest.isEmpty() || rest.length() > 6 || !rest.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    return Integer.parseInt(rest);
  }

  /** The pod's stable DNS name through the headless peer Service. */
  public static String podDnsName(String cluster, String namespace, String podName) {
    return podName + "." + peerService(cluster) + "." + namespace + ".svc";
  }

  /** Labels selecting this cluster's pods; on every owned object too. */
  public static Map<String, String> selectorLabels(String cluster) {
    return Map.of(APP_LABEL, APP, INSTANCE_LABEL, cluster);
  }

  public static Map<String, String> labels(String cluster) {
    return Map.of(APP_LABEL, APP, INSTANCE_LABEL, cluster, MANAGED_BY_LABEL, OPERATOR);
  }

  /** The selector as the scale subresource reports it ({@code k=v,k=v}, sorted). */
  public static String selector(String cluster) {
    return selectorLabels(cluster).entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }
}
