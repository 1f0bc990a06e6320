package io.ferrium.server.http;

import java.util.HashMap;
import java.util.Map;

/** Paths to routes; each path answers one method. */
final class RouteTable {
  @FunctionalInterface
  interface Handler {
    HttpResult handle(HttpExchange exchange) throws Exception;
  }

  /** A route; {@code write} marks routes whose timeouts leave the outcome unknown. */
  record Route(String method, String name, boolean write, Handler handler) {
  }

  private final Map<String, Route> routes = new HashMap<>();

  RouteTable get(String path, String name, Handler handler) {
    return add(path, new Route("GET", name, false, handler));
  }

  RouteTable post(String path, String name, Handler handler) {
    return add(path, new Route("POST", name, false, handler));
  }

  RouteTable postWrite(String path, String name, Handler handler) {
    return add(path, new Route("POST", name, true, handler));
  }

  private RouteTable add(String path, Route route) {
    if (routes.putIfAbsent(path, route) != null) {
      throw new IllegalStateException("two routes for " + path);
    }
    return this;
  }

  Route find(String path) {
    return routes.get(path);
  }
}
