package io.ferrium.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferrium.server.metrics.NodeMetrics;
import io.ferrium.server.node.ClusterOperations;
import io.ferrium.server.node.KvOperations;
import java.io.IOException;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The node's HTTP REST API on Jetty (HTTP/1.1, keep-alive): the seed's endpoints with their JSON
 * shapes, probes, Prometheus metrics, scan and compare-and-swap.
 */
public final class HttpApiServer implements AutoCloseable {
  private final Server server;
  private final ServerConnector connector;

  public HttpApiServer(String host, int port, int maxBodyBytes, long requestTimeoutMs, KvOperations kv,
      ClusterOperations cluster, NodeMetrics metrics, Optional<SSLContext> tls, boolean needClientCertificate) {
    ObjectMapper mapper = new ObjectMapper();
    JsonWriter json = new JsonWriter(mapper);
    RouteTable routes = new RouteTable();
    new KvRoutes(kv, json, requestTimeoutMs).register(routes);
    new ClusterRoutes(cluster, json, mapper, tls).register(routes);
    new ProbeRoutes(cluster, metrics, json).register(routes);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("ferrium-http");
    this.server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    if (tls.isPresent()) {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setSslContext(tls.get());
      ssl.setNeedClientAuth(needClientCertificate);
      // Clients reach nodes by IP as often as by name; the certificate check is the client's job.
      http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
      this.connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      this.connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(host);
    connector.setPort(port);
    connector.setIdleTimeout(60_000);
    server.addConnector(connector);
    server.setHandler(new RestHandler(routes, metrics, mapper, maxBodyBytes));
  }

  public HttpApiServer start() throws IOException {
    try {
      server.start();
    } catch (Exception e) {
      throw new IOException("cannot start the HTTP API on " + connector.getHost() + ":" + connector.getPort()
          + ": " + e.getMessage() + " (is network.http-port in use?)", e);
    }
    return this;
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(HttpApiServer.class).debug("HTTP stop failed", e);
    }
  }
}
