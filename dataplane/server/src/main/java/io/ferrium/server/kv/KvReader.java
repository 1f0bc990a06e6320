package io.ferrium.server.kv;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.ScanResponse;
import java.util.List;

/** Reads from the local store, shaped as API responses (headers are added by the caller). */
public final class KvReader {
  private KvReader() {
  }

  public static GetResponse get(RocksKvStore store, ByteString key) {
    GetResponse.Builder response = GetResponse.newBuilder();
    store.get(key).ifPresent(kv -> response.setFound(true).setKv(kv));
    return response.build();
  }

  public static ScanResponse scan(RocksKvStore store, ScanRange range, boolean keysOnly) {
    List<KeyValue> page = store.scan(range.start(), range.end(), range.limit(), keysOnly);
    ScanResponse.Builder response = ScanResponse.newBuilder();
    if (page.size() > range.limit()) {
      response.setMore(true).setContinuation(page.get(range.limit()).getKey());
      page = page.subList(0, range.limit());
    }
    return response.addAllKvs(page).build();
  }
}
