package io.ferrium.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrium.tls.TestPki.Issued;
import io.ferrium.tls.TestPki.KeyType;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ReloadingTlsMaterial#sslContext()}, the JSSE path an HTTPS server such as Jetty takes. */
class JsseTlsTest {
  @TempDir
  Path tmp;

  private final Issued ca = TestPki.ca("ca", KeyType.RSA);
  private ReloadingTlsMaterial server;
  private ReloadingTlsMaterial client;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.close();
    }
  }

  private static ReloadingTlsMaterial load(TlsFiles files) {
    return ReloadingTlsMaterial.builder(files).pollInterval(Duration.ZERO).start();
  }

  @Test
  void mutualTlsHandshake() throws Exception {
    Issued serverLeaf = TestPki.leaf(ca, "node", KeyType.RSA);
    server = load(TestPki.write(tmp.resolve("server"), serverLeaf, ca));
    client = load(TestPki.write(tmp.resolve("client"), TestPki.leaf(ca, "client", KeyType.EC), ca));

    JsseHandshake.Result result = JsseHandshake.run(server, ClientAuth.REQUIRE, client);

    assertThat(result.serverSerial()).isEqualTo(serverLeaf.serial());
    assertThat(result.clientSubject()).isEqualTo("CN=client");
  }

  @Test
  void optionalClientAuthLetsAnAnonymousClientIn() throws Exception {
    server = load(TestPki.write(tmp.resolve("server"), TestPki.leaf(ca, "node", KeyType.EC), ca));
    TestPki.write(tmp.resolve("client"), TestPki.leaf(ca, "client", KeyType.RSA), ca);
    client = load(TlsFiles.trusting(tmp.resolve("client/ca.crt")));

    assertThat(JsseHandshake.run(server, ClientAuth.OPTIONAL, client).clientSubject()).isEqualTo("none");
  }

  @Test
  void requiredClientAuthRejectsAnAnonymousClient() {
    server = load(TestPki.write(tmp.resolve("server"), TestPki.leaf(ca, "node", KeyType.RSA), ca));
    TestPki.write(tmp.resolve("client"), TestPki.leaf(ca, "client", KeyType.RSA), ca);
    client = load(TlsFiles.trusting(tmp.resolve("client/ca.crt")));

    assertThatThrownBy(() -> JsseHandshake.run(server, ClientAuth.REQUIRE, client))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aRenewedServerCertificateIsUsedByTheSameSslContextsNextHandshake() throws Exception {
    Issued first = TestPki.leaf(ca, "node", KeyType.RSA);
    server = load(TestPki.write(tmp.resolve("server"), first, ca));
    client = load(TestPki.write(tmp.resolve("client"), TestPki.leaf(ca, "client", KeyType.RSA), ca));
    SSLContext clientContext = client.sslContext();
    try (JsseHandshake listener = new JsseHandshake(server.sslContext(), ClientAuth.REQUIRE)) {
      assertThat(listener.with(clientContext).serverSerial()).isEqualTo(first.serial());
      assertThat(listener.with(clientContext).serverSerial()).isEqualTo(first.serial());

      Issued second = TestPki.leaf(ca, "node", KeyType.RSA);
      TestPki.write(tmp.resolve("server"), second, ca);
      assertThat(server.checkForChanges()).isEqualTo(ReloadingTlsMaterial.Reload.RELOADED);

      assertThat(listener.with(clientContext).serverSerial()).isEqualTo(second.serial());
    }
  }

  @Test
  void aRenewedClientCertificateIsSeenOnTheNextHandshakeOfTheSameContexts() throws Exception {
    server = load(TestPki.write(tmp.resolve("server"), TestPki.leaf(ca, "node", KeyType.RSA), ca));
    client = load(TestPki.write(tmp.resolve("client"), TestPki.leaf(ca, "client", KeyType.RSA), ca));
    SSLContext clientContext = client.sslContext();
    try (JsseHandshake listener = new JsseHandshake(server.sslContext(), ClientAuth.REQUIRE)) {
      assertThat(listener.with(clientContext).clientSubject()).isEqualTo("CN=client");
      assertThat(listener.with(clientContext).clientSubject()).isEqualTo("CN=client");

      TestPki.write(tmp.resolve("client"), TestPki.leaf(ca, "client-renewed", KeyType.EC), ca);
      assertThat(client.checkForChanges()).isEqualTo(ReloadingTlsMaterial.Reload.RELOADED);

      assertThat(listener.with(clientContext).clientSubject()).isEqualTo("CN=client-renewed");
    }
  }
}
