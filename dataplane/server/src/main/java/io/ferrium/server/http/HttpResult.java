package io.ferrium.server.http;

import java.util.Map;

/** What a route answers: status, content type, body and extra headers. */
record HttpResult(int status, String contentType, String body, Map<String, String> headers) {
  static final String JSON = "application/json";

  static HttpResult json(int status, String body) {
    return new HttpResult(status, JSON, body, Map.of());
  }
}
