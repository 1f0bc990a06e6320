package io.ferrium.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferrium.server.kv.InvalidRequestException;

/** Typed access to request fields, with errors that name the field. */
final class JsonFields {
  private JsonFields() {
  }

  static JsonNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException(what + " must be a JSON object");
    }
    return node;
  }

  static String text(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      throw new InvalidRequestException("missing field '" + field + "'");
    }
    if (!value.isTextual()) {
      throw new InvalidRequestException("field '" + field + "' must be a string");
    }
    return value.asText();
  }

  /** A string field that may be absent or null. */
  static String optionalText(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidRequestException("field '" + field + "' must be a string or null");
    }
    return value.asText();
  }

  static int optionalInt(JsonNode object, String field, int defaultValue) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return defaultValue;
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
      throw new InvalidRequestException("field '" + field + "' must be a non-negative integer");
    }
    return value.asInt();
  }

  static boolean optionalBoolean(JsonNode object, String field) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequestException("field '" + field + "' must be true or false");
    }
    return value.asBoolean();
  }

  /** A node id: the seed uses numbers, Ferrium strings; both are accepted. */
  static String nodeId(JsonNode value, String what) {
    if (value != null && value.isIntegralNumber()) {
      return value.asText();
    }
    if (value != null && value.isTextual()) {
      return value.asText();
    }
    throw new InvalidRequestException(what + " must be a node id (number or string)");
  }

  /** Renders a node id as the seed did (a number) when it is one. */
  static Object renderId(String id) {
    if (id == null || id.isEmpty()) {
      return null;
    }
    if (id.matches("[0-9]{1,18}")) {
      return Long.parseLong(id);
    }
    return id;
  }
}
