package io.ferrium.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Serialises response objects; a failure here is a bug, not a client error. */
final class JsonWriter {
  private final ObjectMapper mapper;

  JsonWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON response", e);
    }
  }
}
