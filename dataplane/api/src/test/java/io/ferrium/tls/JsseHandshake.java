package io.ferrium.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * One TLS handshake over a socket pair on 127.0.0.1 using {@link ReloadingTlsMaterial#sslContext()} on
 * both ends, as an HTTPS server (Jetty) would use it.
 */
final class JsseHandshake {
  /** What each end saw: the client the server's serial, the server the client's subject or "none". */
  record Result(BigInteger serverSerial, String clientSubject) {}

  private JsseHandshake() {}

  static Result run(ReloadingTlsMaterial server, ClientAuth clientAuth, ReloadingTlsMaterial client)
      throws Exception {
    return run(server.sslContext(), clientAuth, client.sslContext());
  }

  static Result run(SSLContext server, ClientAuth clientAuth, SSLContext client) throws Exception {
    try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      SSLParameters parameters = listener.getSSLParameters();
      clientAuth.applyTo(parameters);
      listener.setSSLParameters(parameters);
      CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
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
      });
      BigInteger serverSerial;
      try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
          .createSocket("127.0.0.1", listener.getLocalPort())) {
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
