package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.KvServiceGrpc;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.ResponseHeader;
import io.ferrium.client.ChannelFactory;
import io.ferrium.client.FerriumClient;
import io.ferrium.client.FerriumClientException;
import io.ferrium.client.TlsChannelFactory;
import io.ferrium.client.TlsClientOptions;
import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gRPC server on 127.0.0.1 using {@link ReloadingTlsMaterial#grpcServerContext} and clients using
 * the TLS {@link ChannelFactory}. The server answers each put with the serial of the certificate it
 * presented on that connection and the client certificate it saw.
 */
class GrpcTlsTest {
  private static final Context.Key<SSLSession> SESSION = Context.key("tls-session");

  @TempDir
  Path tmp;

  private final Issued ca = TestPki.ca("cluster-ca", KeyType.RSA);
  private final Issued foreignCa = TestPki.ca("foreign-ca", KeyType.RSA);
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closeLater(T closeable) {
    closeables.add(closeable);
    return closeable;
  }

  private record Node(ReloadingTlsMaterial material, Path dir, String target) {}

  private Node startNode(Issued leaf, ClientAuth clientAuth, Issued... cas) throws Exception {
    Path dir = tmp.resolve("node");
    ReloadingTlsMaterial material = closeLater(ReloadingTlsMaterial.builder(TestPki.write(dir, leaf, cas))
        .pollInterval(Duration.ofMillis(50)).start());
    Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .sslContext(material.grpcServerContext(clientAuth))
        .addService(ServerInterceptors.intercept(new ReportingKvService(), new SessionCapture()))
        .build().start();
    closeLater(() -> server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return new Node(material, dir, "127.0.0.1:" + server.getPort());
  }

  /** Writes a client identity issued by {@code issuer} into its own directory. */
  private Path clientDir(String name, Issued issuer, Issued... trusted) {
    Path dir = tmp.resolve(name);
    TestPki.write(dir, TestPki.leaf(issuer, name, KeyType.EC), trusted);
    return dir;
  }

  /** A client whose requests give up after a second: enough on loopback, short for rejections. */
  private FerriumClient client(Node node, TlsClientOptions options) {
    return closeLater(FerriumClient.builder().endpoints(List.of(node.target())).timeout(Duration.ofSeconds(1))
        .tls(options).build());
  }

  /** The request fails as UNAVAILABLE, and somewhere in its causes is {@code why}. */
  private static void assertRejected(FerriumClient client, String why) {
    assertThatThrownBy(() -> client.put("k", "v")).isInstanceOf(FerriumClientException.class)
        .satisfies(e -> assertThat(((FerriumClientException) e).code()).isEqualTo(Status.Code.UNAVAILABLE))
        .satisfies(e -> assertThat(causes(e)).contains(why));
  }

  private static String causes(Throwable e) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  private static String serial(Issued issued) {
    return issued.serial().toString(16);
  }

  @Test
  void tlsWithoutAClientCertificate() throws Exception {
    Issued serverLeaf = TestPki.leaf(ca, "node", KeyType.RSA);
    Node node = startNode(serverLeaf, ClientAuth.NONE, ca);
    Path caFile = clientDir("reader", ca, ca).resolve("ca.crt");

    FerriumClient client = closeLater(FerriumClient.builder().endpoints(List.of(node.target())).tls(caFile).build());

    assertThat(client.put("k", "v").getHeader().getNodeId()).isEqualTo("server=" + serial(serverLeaf) + " client=none");
  }

  @Test
  void mutualTls() throws Exception {
    Node node = startNode(TestPki.leaf(ca, "node", KeyType.RSA), ClientAuth.REQUIRE, ca);
    Path dir = clientDir("operator", ca, ca);

    FerriumClient client = closeLater(FerriumClient.builder().endpoints(List.of(node.target()))
        .mtls(dir.resolve("ca.crt"), dir.resolve("tls.crt"), dir.resolve("tls.key")).build());

    assertThat(client.put("k", "v").getHeader().getNodeId()).endsWith(" client=CN=operator");
  }

  @Test
  void mutualTlsRejectsAClientWithoutCertificate() throws Exception {
    Node node = startNode(TestPki.leaf(ca, "node", KeyType.RSA), ClientAuth.REQUIRE, ca);
    FerriumClient client = client(node, TlsClientOptions.trusting(clientDir("anonymous", ca, ca).resolve("ca.crt")));

    assertRejected(client, "CERTIFICATE_REQUIRED");
  }

  @Test
  void mutualTlsRejectsAClientCertificateFromAForeignCa() throws Exception {
    Node node = startNode(TestPki.leaf(ca, "node", KeyType.RSA), ClientAuth.REQUIRE, ca);
    // The intruder trusts the cluster CA (so it accepts the server) but its own certificate is foreign.
    FerriumClient client = client(node, TlsClientOptions.fromDirectory(clientDir("intruder", foreignCa, ca)));

    assertRejected(client, "ALERT"); // the server's verdict reaches the client only as a TLS alert
  }

  @Test
  void theClientRejectsAServerFromAForeignCa() throws Exception {
    Node node = startNode(TestPki.leaf(foreignCa, "impostor", KeyType.RSA), ClientAuth.NONE, foreignCa);
    FerriumClient client = client(node, TlsClientOptions.trusting(clientDir("victim", ca, ca).resolve("ca.crt")));

    assertRejected(client, "unable to find valid certification path");
  }

  @Test
  void theClientChecksTheServerName() throws Exception {
    Node node = startNode(TestPki.leaf(ca, "node", KeyType.RSA), ClientAuth.NONE, ca);
    Path caFile = clientDir("client", ca, ca).resolve("ca.crt");

    FerriumClient wrongName = client(node, TlsClientOptions.trusting(caFile).withAuthority("elsewhere.example"));
    FerriumClient rightName = client(node, TlsClientOptions.trusting(caFile).withAuthority("localhost"));

    assertRejected(wrongName, "No subject alternative DNS name matching elsewhere.example");
    assertThat(rightName.put("k", "v").getHeader().getNodeId()).startsWith("server=");
  }

  @Test
  void aRotatedServerCertificateIsPresentedToNewConnectionsWithoutRestart() throws Exception {
    Issued first = TestPki.leaf(ca, "node", KeyType.RSA);
    Node node = startNode(first, ClientAuth.REQUIRE, ca);
    TlsClientOptions options = TlsClientOptions.fromDirectory(clientDir("client", ca, ca));
    FerriumClient before = client(node, options);
    assertThat(before.put("k", "1").getHeader().getNodeId()).startsWith("server=" + serial(first) + " ");
    TlsChannelFactory longLived = closeLater(ChannelFactory.tls(options));
    assertThat(serverSerialSeenBy(longLived, node)).isEqualTo(first.serial());

    Issued second = TestPki.leaf(ca, "node", KeyType.EC);
    TestPki.write(node.dir(), second, ca);
    await().atMost(Duration.ofSeconds(10)).until(() ->
        node.material().current().leaf().orElseThrow().equals(second.certificate()));

    FerriumClient after = client(node, options);
    assertThat(after.put("k", "2").getHeader().getNodeId()).startsWith("server=" + serial(second) + " ");
    assertThat(serverSerialSeenBy(longLived, node)).as("a reconnect through a factory made before the rotation")
        .isEqualTo(second.serial());
    assertThat(before.put("k", "3").getHeader().getNodeId())
        .as("the connection opened before the rotation keeps working").startsWith("server=" + serial(first) + " ");
  }

  @Test
  void aRenewedClientCertificateIsPresentedOnNewChannelsOfTheSameFactory() throws Exception {
    Node node = startNode(TestPki.leaf(ca, "node", KeyType.RSA), ClientAuth.REQUIRE, ca);
    Path dir = clientDir("operator", ca, ca);
    try (TlsChannelFactory channels = ChannelFactory.tls(
        TlsClientOptions.fromDirectory(dir).withReloadInterval(Duration.ofMillis(50)))) {
      assertThat(clientSeenByServer(channels, node)).isEqualTo("CN=operator");

      TestPki.write(dir, TestPki.leaf(ca, "operator-renewed", KeyType.RSA), ca);
      await().atMost(Duration.ofSeconds(10)).until(() -> channels.material().current().leaf().orElseThrow()
          .getSubjectX500Principal().getName().equals("CN=operator-renewed"));

      assertThat(clientSeenByServer(channels, node)).isEqualTo("CN=operator-renewed");
    }
  }

  /** Opens a new channel, makes one call, and returns the client subject the server saw. */
  private static String clientSeenByServer(TlsChannelFactory channels, Node node) throws Exception {
    ManagedChannel channel = channels.open(node.target());
    try {
      String report = KvServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
          .put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build()).getHeader().getNodeId();
      return report.substring(report.indexOf(" client=") + " client=".length());
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aClientCertificateFromANewlyAddedCaIsAcceptedOnceTheServerTrustsIt() throws Exception {
    Issued newCa = TestPki.ca("new-cluster-ca", KeyType.EC);
    Node node = startNode(TestPki.leaf(ca, "node", KeyType.RSA), ClientAuth.REQUIRE, ca);
    // Step 1 of a CA rotation: every party trusts old and new CA. The server's TLS context was built
    // when it knew only the old CA, so the CA names it advertises are stale: the client must ignore them.
    TestPki.write(node.dir(), TestPki.leaf(ca, "node", KeyType.RSA), ca, newCa);
    await().atMost(Duration.ofSeconds(10)).until(() -> node.material().current().caCertificates().size() == 2);

    FerriumClient client = client(node, TlsClientOptions.fromDirectory(clientDir("renewed", newCa, ca, newCa)));

    assertThat(client.put("k", "v").getHeader().getNodeId()).endsWith(" client=CN=renewed");
  }

  @Test
  void aGarbageCaFileFailsTheClientBuildNamingTheFile() throws Exception {
    Path caFile = Files.writeString(tmp.resolve("ca.crt"), "garbage");

    assertThatThrownBy(() -> FerriumClient.builder().endpoints(List.of("127.0.0.1:1")).tls(caFile).build())
        .isInstanceOf(TlsMaterialException.class).hasMessageStartingWith(caFile.toString());
  }

  /** Opens a new channel and returns the serial of the certificate the server presented on it. */
  private static BigInteger serverSerialSeenBy(TlsChannelFactory channels, Node node) throws Exception {
    ManagedChannel channel = channels.open(node.target());
    try {
      return serverSerialSeenBy(channel);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /** The serial of the certificate the server presented, as the client saw it on this channel. */
  private static BigInteger serverSerialSeenBy(ManagedChannel channel) throws Exception {
    AtomicReference<SSLSession> session = new AtomicReference<>();
    Channel recording = ClientInterceptors.intercept(channel, new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            ClientCall<Q, R> call = this;
            super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onHeaders(Metadata responseHeaders) {
                session.set(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
                super.onHeaders(responseHeaders);
              }
            }, headers);
          }
        };
      }
    });
    KvServiceGrpc.newBlockingStub(recording).withDeadlineAfter(5, TimeUnit.SECONDS)
        .put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8("k")).build());
    return ((X509Certificate) session.get().getPeerCertificates()[0]).getSerialNumber();
  }

  /** Makes the call's TLS session available to the service. */
  private static final class SessionCapture implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
      return Contexts.interceptCall(Context.current().withValue(SESSION, session), call, headers, next);
    }
  }

  /** Answers a put with "server=SERIAL client=SUBJECT|none" for the connection it came on. */
  private static final class ReportingKvService extends KvServiceGrpc.KvServiceImplBase {
    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> out) {
      SSLSession session = SESSION.get();
      String server = ((X509Certificate) session.getLocalCertificates()[0]).getSerialNumber().toString(16);
      String client;
      try {
        client = ((X509Certificate) session.getPeerCertificates()[0]).getSubjectX500Principal().getName();
      } catch (SSLPeerUnverifiedException e) {
        client = "none";
      }
      out.onNext(PutResponse.newBuilder()
          .setHeader(ResponseHeader.newBuilder().setNodeId("server=" + server + " client=" + client)).build());
      out.onCompleted();
    }
  }
}
