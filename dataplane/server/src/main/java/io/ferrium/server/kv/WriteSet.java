package io.ferrium.server.kv;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Member;
import io.ferrium.server.proto.StoredValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Changes staged for one atomic commit. Reads see the staged changes first, so the operations of a
 * command (and of a Txn) observe each other in order.
 */
public final class WriteSet {
  private final RocksKvStore store;
  /** Key to its new record; an empty Optional means deleted. */
  private final Map<ByteString, Optional<StoredValue>> staged = new LinkedHashMap<>();
  private final Map<String, Optional<Member>> members = new LinkedHashMap<>();

  WriteSet(RocksKvStore store) {
    this.store = store;
  }

  /** The key's record as of the staged changes. */
  public Optional<StoredValue> current(ByteString key) {
    Optional<StoredValue> pending = staged.get(key);
    return pending != null ? pending : store.loadForWrite(key);
  }

  public void put(ByteString key, StoredValue value) {
    staged.put(key, Optional.of(value));
  }

  public void delete(ByteString key) {
    staged.put(key, Optional.empty());
  }

  public void putMember(Member member) {
    members.put(member.getId(), Optional.of(member));
  }

  public void deleteMember(String id) {
    members.put(id, Optional.empty());
  }

  /** After the commit: the records now in RocksDB. */
  void rememberIn(RecentRecords recent) {
    staged.forEach(recent::put);
  }

  void writeTo(WriteBatch batch, ColumnFamilyHandle kv, ColumnFamilyHandle meta) throws RocksDBException {
    for (Map.Entry<ByteString, Optional<StoredValue>> e : staged.entrySet()) {
      byte[] key = e.getKey().toByteArray();
      if (e.getValue().isPresent()) {
        batch.put(kv, key, e.getValue().get().toByteArray());
      } else {
        batch.delete(kv, key);
      }
    }
    for (Map.Entry<String, Optional<Member>> e : members.entrySet()) {
      byte[] key = RocksKvStore.memberKey(e.getKey());
      if (e.getValue().isPresent()) {
        batch.put(meta, key, e.getValue().get().toByteArray());
      } else {
        batch.delete(meta, key);
      }
    }
  }
}
