package io.ferrium.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferrium.server.kv.InvalidRequestException;
import java.util.Map;

/** One HTTP request as the routes see it: method, path, query and a size-checked body. */
final class HttpExchange {
  private final String method;
  private final String path;
  private final Map<String, String> query;
  private final byte[] body;
  private final ObjectMapper json;

  HttpExchange(String method, String path, Map<String, String> query, byte[] body, ObjectMapper json) {
    this.method = method;
    this.path = path;
    this.query = query;
    this.body = body;
    this.json = json;
  }

  String method() {
    return method;
  }

  String path() {
    return path;
  }

  String query(String name) {
    return query.get(name);
  }

  /** The body as JSON; a missing or malformed body is a client error. */
  JsonNode json() {
    if (body.length == 0) {
      throw new InvalidRequestException("the request needs a JSON body");
    }
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      String detail = e.getOriginalMessage();
      int noise = detail.indexOf(" (start marker");
      String where = e.getLocation() == null ? ""
          : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new InvalidRequestException("malformed JSON: " + (noise > 0 ? detail.substring(0, noise) : detail) + where);
    } catch (java.io.IOException e) {
      throw new InvalidRequestException("unreadable body: " + e.getMessage());
    }
  }

  /** The body as JSON, or null when there is none. */
  JsonNode jsonOrNull() {
    return body.length == 0 ? null : json();
  }
}
