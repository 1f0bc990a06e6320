package io.ferrium.bench;

import java.nio.charset.StandardCharsets;

/** A read found no value for a key the load generator had written: a store or tool bug. */
final class MissingKeyException extends IllegalStateException {
  MissingKeyException(byte[] key) {
    super("key not found: " + new String(key, StandardCharsets.UTF_8));
  }
}
