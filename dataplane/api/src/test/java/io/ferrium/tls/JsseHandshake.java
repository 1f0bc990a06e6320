package io.ferrium.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * TLS handshakes over sockets on 127.0.0.1 with {@link ReloadingTlsMaterial#sslContext()} on both
 * ends. Like an HTTPS server (Jetty asks its SSLContext for a new engine per connection), the server
 * side takes a new socket from its context for each connection, always on the same port, so that a
 * client could resume its earlier session if nothing prevented it.
 */
final class JsseHandshake implements AutoCloseable {
  /** What each end saw: the client the server's serial, the server the client's subject or "none". */
  record Result(BigInteger serverSerial, String clientSubject) {}

  private final SSLContext server;
  private final ClientAuth clientAuth;
  private final InetSocketAddress address;
  private SSLServerSocket listener;

  JsseHandshake(SSLContext server, ClientAuth clientAuth) throws IOException {
    this.server = server;
    this.clientAuth = clientAuth;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      this.address = new InetSocketAddress(probe.getInetAddress(), probe.getLocalPort());
    }
  }

  /** One handshake with a fresh listener. */
  static Result run(ReloadingTlsMaterial server, ClientAuth clientAuth, ReloadingTlsMaterial client)
      throws Exception {
    try (JsseHandshake handshake = new JsseHandshake(server.sslContext(), clientAuth)) {
      return handshake.with(client.sslContext());
    }
  }

  /** Connects a new client socket from {@code client} and completes a handshake and one byte. */
  Result with(SSLContext client) throws Exception {
    listen();
    CompletableFuture<String> accepted = CompletableFuture.supplyAsync(this::acceptOne);
    BigInteger serverSerial;
    try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
        .createSocket(address.getAddress(), address.getPort())) {
      SSLParameters clientParameters = socket.getSSLParameters();
      clientParameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(clientParameters);
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      serverSerial = ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
      socket.getInputStream().read();
    } catch (IOException clientSideFailure) {
      // In TLS 1.3 the server decides about the client's certificate after the client's handshake
      // ends: report the server's reason.
      accepted.handle((subject, serverFailure) -> null).get(10, TimeUnit.SECONDS);
      throw accepted.isCompletedExceptionally() ? unwrap(accepted) : clientSideFailure;
    }
    return new Result(serverSerial, accepted.get(10, TimeUnit.SECONDS));
  }

  private String acceptOne() {
    try (SSLSocket socket = (SSLSocket) listener.accept()) {
      socket.startHandshake();
      String subject;
      try {
        subject = ((X509Certificate) socket.getSession().getPeerCertificates()[0])
            .getSubjectX500Principal().getName();
      } catch (SSLPeerUnverifiedException e) {
        subject = "none";
      }
      socket.getOutputStream().write(42);
      socket.getOutputStream().flush();
      return subject;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void listen() throws IOException {
    close();
    listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket();
    listener.setReuseAddress(true);
    SSLParameters parameters = listener.getSSLParameters();
    clientAuth.applyTo(parameters);
    listener.setSSLParameters(parameters);
    listener.bind(address, 1);
  }

  @Override
  public void close() throws IOException {
    if (listener != null) {
      listener.close();
    }
  }

  private static Exception unwrap(CompletableFuture<String> failed) {
    try {
      failed.join();
      throw new IllegalStateException("not failed");
    } catch (RuntimeException e) {
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException io) {
        return io.getCause();
      }
      return cause instanceof Exception ex ? ex : e;
    }
  }
}
