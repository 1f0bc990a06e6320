package io.ferrium.bench;

import com.google.protobuf.UnsafeByteOperations;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.client.FerriumClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Ferrium through {@link FerriumClient} (gRPC, failover over the endpoints). */
final class FerriumTarget implements Target {
  private final FerriumClient client;

  FerriumTarget(List<String> endpoints, Duration requestTimeout) {
    this.client = FerriumClient.builder().endpoints(endpoints).timeout(requestTimeout).build();
  }

  @Override
  public String name() {
    return "ferrium";
  }

  @Override
  public CompletableFuture<?> put(byte[] key, byte[] value) {
    // The arrays are never changed after they are handed over, so wrapping them is safe.
    return client.putAsync(PutRequest.newBuilder()
        .setKey(UnsafeByteOperations.unsafeWrap(key))
        .setValue(UnsafeByteOperations.unsafeWrap(value))
        .build());
  }

  @Override
  public CompletableFuture<?> get(byte[] key, boolean linearizable) {
    GetRequest request = GetRequest.newBuilder()
        .setKey(UnsafeByteOperations.unsafeWrap(key))
        .setConsistency(linearizable ? Consistency.LINEARIZABLE : Consistency.SERIALIZABLE)
        .build();
    return client.getAsync(request).thenApply(response -> {
      if (!response.getFound()) {
        throw new MissingKeyException(key);
      }
      return response;
    });
  }

  @Override
  public void close() {
    client.close();
  }
}
