package io.ferrium.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferrium.server.metrics.NodeMetrics;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Dispatches requests to routes; reads bodies up to a limit; turns every failure into a JSON error. */
final class RestHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(RestHandler.class);

  private final RouteTable routes;
  private final NodeMetrics metrics;
  private final ObjectMapper mapper;
  private final JsonWriter json;
  private final int maxBodyBytes;

  RestHandler(RouteTable routes, NodeMetrics metrics, ObjectMapper mapper, int maxBodyBytes) {
    this.routes = routes;
    this.metrics = metrics;
    this.mapper = mapper;
    this.json = new JsonWriter(mapper);
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    RouteTable.Route route = routes.find(path);
    HttpResult result;
    if (route == null) {
      result = HttpErrors.body(404, "NOT_FOUND", "no endpoint " + path, json, Map.of());
    } else if (!route.method().equals(request.getMethod())) {
      result = HttpErrors.body(405, "METHOD_NOT_ALLOWED", path + " takes " + route.method() + ", not "
          + request.getMethod(), json, Map.of("Allow", route.method()));
    } else {
      result = run(route, request);
    }
    if (metrics != null) {
      metrics.request("http", route == null ? "unknown" : route.name(), Integer.toString(result.status()),
          System.nanoTime() - start);
    }
    response.setStatus(result.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, result.contentType());
    result.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    Content.Sink.write(response, true, result.body(), callback);
    return true;
  }

  private HttpResult run(RouteTable.Route route, Request request) {
    try {
      long declared = request.getLength();
      if (declared > maxBodyBytes) {
        return tooLarge();
      }
      byte[] body;
      try (InputStream in = Content.Source.asInputStream(request)) {
        body = in.readNBytes(maxBodyBytes + 1);
      }
      if (body.length > maxBodyBytes) {
        return tooLarge();
      }
      return route.handler().handle(new HttpExchange(request.getMethod(), route.name(), query(request), body, mapper));
    } catch (Exception e) {
      HttpResult error = HttpErrors.of(e, route.write(), json);
      if (error.status() >= 500 && error.status() != 503 && error.status() != 504) {
        LOG.warn("HTTP {} {} failed: {}", request.getMethod(), Request.getPathInContext(request), e.toString());
      }
      return error;
    }
  }

  private HttpResult tooLarge() {
    return HttpErrors.body(413, "PAYLOAD_TOO_LARGE", "request body exceeds " + maxBodyBytes
        + " bytes (storage.max-request-bytes)", json, Map.of());
  }

  private static Map<String, String> query(Request request) {
    Map<String, String> query = new HashMap<>();
    Fields fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
    fields.forEach(f -> query.put(f.getName(), f.getValue()));
    return query;
  }
}
