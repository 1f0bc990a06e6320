package io.ferrium.server.kv;

import com.google.protobuf.ByteString;
import io.ferrium.server.proto.StoredValue;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The records of the keys the applying thread touched last, as they are in RocksDB: a write reads
 * a key's previous record (its create revision and version) from here instead of from RocksDB
 * when the key was read or written recently. An absent record (a deleted key, or one never
 * written) is remembered as an empty Optional.
 *
 * <p>Not thread-safe: only the thread that applies the log uses it, and that thread is RocksDB's
 * only writer of keys, so an entry stays equal to RocksDB's record until that thread changes both.
 * Bounded by the bytes of its keys and values, least recently used first out; a record larger
 * than a sixteenth of the bound is not kept.
 */
final class RecentRecords {
  /** Per-entry bytes beyond the key and value: map entry, ByteStrings, StoredValue, Optional. */
  static final int ENTRY_OVERHEAD = 160;

  private final long maxBytes;
  private final LinkedHashMap<ByteString, Optional<StoredValue>> records = new LinkedHashMap<>(1024, 0.75f, true);
  private long bytes;

  RecentRecords(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The key's record, empty when the key is absent; null when this cache does not know it. */
  Optional<StoredValue> get(ByteString key) {
    return records.get(key);
  }

  /** Remembers the key's record as RocksDB now holds it (empty: the key is absent). */
  void put(ByteString key, Optional<StoredValue> record) {
    long size = size(key, record);
    boolean keep = size <= maxBytes / 16;
    Optional<StoredValue> old = keep ? records.put(key, record) : records.remove(key);
    if (old != null) {
      bytes -= size(key, old);
    }
    if (!keep) {
      return;
    }
    bytes += size;
    Iterator<Map.Entry<ByteString, Optional<StoredValue>>> eldest = records.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      Map.Entry<ByteString, Optional<StoredValue>> e = eldest.next();
      bytes -= size(e.getKey(), e.getValue());
      eldest.remove();
    }
  }

  int size() {
    return records.size();
  }

  long bytes() {
    return bytes;
  }

  private static long size(ByteString key, Optional<StoredValue> record) {
    return key.size() + record.map(r -> r.getValue().size()).orElse(0) + ENTRY_OVERHEAD;
  }
}
