package io.ferrium.bench;

import java.util.concurrent.CompletableFuture;

/**
 * A key-value store under load. The load generator knows only this interface, so every store is
 * driven by the same key choice, request window and clock.
 *
 * <p>Calls return at once; the future completes when the store has answered. A future that
 * completes exceptionally counts as an error.
 */
public interface Target extends AutoCloseable {
  /** Short name for reports: {@code ferrium}, {@code etcd}. */
  String name();

  /** Sets {@code key} to {@code value}. */
  CompletableFuture<?> put(byte[] key, byte[] value);

  /**
   * Reads {@code key}, linearizably or serializably (local, possibly stale). Fails if the key does
   * not exist: the load generator reads only keys it has written.
   */
  CompletableFuture<?> get(byte[] key, boolean linearizable);

  @Override
  void close();
}
