package io.ferrium.server.http;

import io.ferrium.server.grpc.GrpcErrors;
import io.ferrium.server.kv.LimitExceededException;
import io.grpc.Status;
import java.util.Map;

/**
 * Maps failures to HTTP answers {@code {"error": ..., "code": ...}}. The classification is the
 * gRPC one ({@link GrpcErrors}), so both surfaces say the same thing about the same failure.
 */
final class HttpErrors {
  private HttpErrors() {
  }

  static HttpResult of(Throwable error, boolean write, JsonWriter json) {
    Throwable cause = GrpcErrors.unwrap(error);
    if (cause instanceof LimitExceededException) {
      return body(413, "PAYLOAD_TOO_LARGE", cause.getMessage(), json, Map.of());
    }
    Status status = (write ? GrpcErrors.forWrite(cause) : GrpcErrors.toStatus(cause)).getStatus();
    String message = status.getDescription() == null ? status.getCode().name() : status.getDescription();
    switch (status.getCode()) {
      case INVALID_ARGUMENT:
      case OUT_OF_RANGE:
        return body(400, status.getCode().name(), message, json, Map.of());
      case NOT_FOUND:
        return body(404, status.getCode().name(), message, json, Map.of());
      case ALREADY_EXISTS:
      case ABORTED:
        return body(409, status.getCode().name(), message, json, Map.of());
      case FAILED_PRECONDITION:
      case UNAVAILABLE:
        return body(503, status.getCode().name(), message, json, Map.of("Retry-After", "1"));
      case DEADLINE_EXCEEDED:
        return body(504, status.getCode().name(), message, json, Map.of());
      default:
        return body(500, status.getCode().name(), message, json, Map.of());
    }
  }

  static HttpResult body(int http, String code, String message, JsonWriter json, Map<String, String> headers) {
    return new HttpResult(http, HttpResult.JSON, json.write(Map.of("error", message, "code", code)), headers);
  }
}
