package io.ferrium.server.kv;

import io.ferrium.api.v1.KeyValue;
import java.util.LinkedHashMap;
import java.util.Map;

/** Key-values as JSON-friendly maps, with keys and values as UTF-8 text (HTTP API and CLI). */
public final class KeyValues {
  private KeyValues() {
  }

  public static Map<String, Object> toMap(KeyValue kv, boolean keysOnly) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("key", kv.getKey().toStringUtf8());
    if (!keysOnly) {
      entry.put("value", kv.getValue().toStringUtf8());
    }
    entry.put("create_revision", kv.getCreateRevision());
    entry.put("mod_revision", kv.getModRevision());
    entry.put("version", kv.getVersion());
    return entry;
  }
}
