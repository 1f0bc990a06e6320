package io.ferrium.server.http;

import static io.ferrium.server.http.JsonFields.object;
import static io.ferrium.server.http.JsonFields.optionalBoolean;
import static io.ferrium.server.http.JsonFields.optionalInt;
import static io.ferrium.server.http.JsonFields.optionalText;
import static io.ferrium.server.http.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.server.kv.InvalidRequestException;
import io.ferrium.server.kv.KeyValues;
import io.ferrium.server.node.KvOperations;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Key-value routes. {@code /write} and {@code /read} keep the seed's JSON shapes; {@code /scan}
 * and {@code /cas} mirror the gRPC Scan and compare-and-swap Txn. Keys and values are UTF-8 strings.
 */
final class KvRoutes {
  private final KvOperations kv;
  private final JsonWriter json;
  private final long timeoutMs;

  KvRoutes(KvOperations kv, JsonWriter json, long timeoutMs) {
    this.kv = kv;
    this.json = json;
    this.timeoutMs = timeoutMs;
  }

  void register(RouteTable routes) {
    routes.postWrite("/write", "write", x -> write(object(x.json(), "the /write body")));
    routes.post("/read", "read", x -> read(object(x.json(), "the /read body")));
    routes.post("/scan", "scan", x -> scan(object(x.json(), "the /scan body")));
    routes.postWrite("/cas", "cas", x -> cas(object(x.json(), "the /cas body")));
  }

  /** {@code {"Set":{"key":k,"value":v}}} → {@code "Set"}, {@code {"Delete":{"key":k}}} → {@code "Delete"}. */
  private HttpResult write(JsonNode body) throws Exception {
    if (body.size() != 1) {
      throw new InvalidRequestException("/write takes exactly one of {\"Set\":{...}}, {\"Delete\":{...}}, {\"Get\":{...}}");
    }
    String kind = body.fieldNames().next();
    JsonNode args = object(body.get(kind), "\"" + kind + "\"");
    switch (kind) {
      case "Set":
        await(kv.put(PutRequest.newBuilder().setKey(utf8(text(args, "key"))).setValue(utf8(text(args, "value")))
            .build()));
        return HttpResult.json(200, json.write("Set"));
      case "Delete":
        await(kv.delete(DeleteRequest.newBuilder().setKey(utf8(text(args, "key"))).build()));
        return HttpResult.json(200, json.write("Delete"));
      case "Get":
        GetResponse got = await(kv.get(GetRequest.newBuilder().setKey(utf8(text(args, "key"))).build()));
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("value", got.getFound() ? got.getKv().getValue().toStringUtf8() : null);
        return HttpResult.json(200, json.write(Map.of("Get", value)));
      default:
        throw new InvalidRequestException("unknown /write operation \"" + kind + "\": use Set, Delete or Get");
    }
  }

  /** {@code {"key":k}} → {@code {"key":k,"value":v|null}}; {@code "consistency":"serializable"} reads locally. */
  private HttpResult read(JsonNode body) throws Exception {
    String key = text(body, "key");
    GetResponse got = await(kv.get(GetRequest.newBuilder().setKey(utf8(key))
        .setConsistency(consistency(body)).build()));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("key", key);
    result.put("value", got.getFound() ? got.getKv().getValue().toStringUtf8() : null);
    result.put("revision", got.getHeader().getRevision());
    return HttpResult.json(200, json.write(result));
  }

  private HttpResult scan(JsonNode body) throws Exception {
    ScanRequest.Builder request = ScanRequest.newBuilder()
        .setLimit(optionalInt(body, "limit", 0))
        .setKeysOnly(optionalBoolean(body, "keys_only"))
        .setConsistency(consistency(body));
    String prefix = optionalText(body, "prefix");
    String start = optionalText(body, "start");
    String end = optionalText(body, "end");
    String continuation = optionalText(body, "continuation");
    if (prefix != null) {
      request.setPrefix(utf8(prefix));
    }
    if (start != null) {
      request.setStart(utf8(start));
    }
    if (end != null) {
      request.setEnd(utf8(end));
    }
    if (continuation != null && !continuation.isEmpty()) {
      try {
        request.setContinuation(ByteString.copyFrom(Base64.getUrlDecoder().decode(continuation)));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("continuation is not a token returned by /scan");
      }
    }
    ScanResponse page = await(kv.scan(request.build()));
    List<Map<String, Object>> kvs = new ArrayList<>();
    for (KeyValue entry : page.getKvsList()) {
      kvs.add(KeyValues.toMap(entry, request.getKeysOnly()));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("kvs", kvs);
    result.put("more", page.getMore());
    result.put("continuation", page.getMore()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(page.getContinuation().toByteArray()) : null);
    result.put("revision", page.getHeader().getRevision());
    return HttpResult.json(200, json.write(result));
  }

  /**
   * {@code {"key":k,"expected":old|null,"value":new}}: sets the key only if its value is
   * {@code expected} (null: only if absent). Answers whether it did, and the current key-value.
   */
  private HttpResult cas(JsonNode body) throws Exception {
    String key = text(body, "key");
    String expected = optionalText(body, "expected");
    String value = text(body, "value");
    Compare.Builder compare = Compare.newBuilder().setKey(utf8(key)).setOperator(Compare.Operator.EQUAL);
    if (expected == null) {
      compare.setExists(false);
    } else {
      compare.setValue(utf8(expected));
    }
    TxnResponse txn = await(kv.txn(TxnRequest.newBuilder()
        .addCompare(compare)
        .addSuccess(RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value))))
        .addFailure(RequestOp.newBuilder().setGet(GetRequest.newBuilder().setKey(utf8(key))))
        .build()));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("succeeded", txn.getSucceeded());
    result.put("revision", txn.getHeader().getRevision());
    if (!txn.getSucceeded()) {
      GetResponse current = txn.getResponses(0).getGet();
      result.put("current", current.getFound() ? KeyValues.toMap(current.getKv(), false) : null);
    }
    return HttpResult.json(txn.getSucceeded() ? 200 : 409, json.write(result));
  }

  private static Consistency consistency(JsonNode body) {
    String value = optionalText(body, "consistency");
    if (value == null || value.equalsIgnoreCase("linearizable")) {
      return Consistency.LINEARIZABLE;
    }
    if (value.equalsIgnoreCase("serializable")) {
      return Consistency.SERIALIZABLE;
    }
    throw new InvalidRequestException("consistency must be \"linearizable\" or \"serializable\"");
  }

  private <T> T await(CompletableFuture<T> future) throws Exception {
    return future.get(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
