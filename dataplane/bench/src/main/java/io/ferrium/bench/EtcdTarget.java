package io.ferrium.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.options.GetOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** etcd through jetcd (gRPC; jetcd balances requests over the endpoints). */
final class EtcdTarget implements Target {
  private static final GetOption LINEARIZABLE = GetOption.builder().withSerializable(false).build();
  private static final GetOption SERIALIZABLE = GetOption.builder().withSerializable(true).build();

  private final Client client;
  private final KV kv;

  EtcdTarget(List<String> endpoints) {
    this.client = Client.builder()
        .endpoints(endpoints.stream().map(e -> "http://" + e).toArray(String[]::new))
        .build();
    this.kv = client.getKVClient();
  }

  @Override
  public String name() {
    return "etcd";
  }

  @Override
  public CompletableFuture<?> put(byte[] key, byte[] value) {
    return kv.put(ByteSequence.from(key), ByteSequence.from(value));
  }

  @Override
  public CompletableFuture<?> get(byte[] key, boolean linearizable) {
    return kv.get(ByteSequence.from(key), linearizable ? LINEARIZABLE : SERIALIZABLE).thenApply(response -> {
      if (response.getKvs().isEmpty()) {
        throw new MissingKeyException(key);
      }
      return response;
    });
  }

  @Override
  public void close() {
    kv.close();
    client.close();
  }
}
