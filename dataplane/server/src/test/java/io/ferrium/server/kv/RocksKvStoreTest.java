package io.ferrium.server.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.server.proto.AppliedPosition;
import io.ferrium.server.proto.StoredValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksKvStoreTest {
  @TempDir
  Path dir;

  private static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  private static StoredValue value(String v, long revision) {
    return StoredValue.newBuilder().setValue(b(v)).setCreateRevision(revision).setModRevision(revision)
        .setVersion(1).build();
  }

  private static AppliedPosition at(long term, long index) {
    return AppliedPosition.newBuilder().setTerm(term).setIndex(index).setGroupId("g").build();
  }

  @Test
  void commitStoresDataAndAppliedPositionTogetherAndSurvivesReopen() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir.resolve("db"))) {
      assertThat(store.applied().getIndex()).isZero();
      WriteSet ws = store.newWriteSet();
      ws.put(b("a"), value("1", 7));
      ws.putMember(Member.newBuilder().setId("n1").setRaftAddress("h:1").build());
      store.commit(ws, at(2, 7));
    }
    try (RocksKvStore store = RocksKvStore.open(dir.resolve("db"))) {
      assertThat(store.applied()).isEqualTo(at(2, 7));
      assertThat(store.get(b("a"))).map(KeyValue::getValue).contains(b("1"));
      assertThat(store.members()).extracting(Member::getId).containsExactly("n1");
    }
  }

  @Test
  void rewritingTheAppliedPositionKeepsMemtablesSmall() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir.resolve("db"))) {
      // ~3 MB of memtable entries for one key, rewritten by every commit as every write does.
      for (int i = 1; i <= 50_000; i++) {
        store.commit(store.newWriteSet(), at(1, i));
      }
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(store.memtableBytes()).isLessThan(3L << 19));
      assertThat(store.applied()).isEqualTo(at(1, 50_000));
    }
  }

  @Test
  void uncommittedChangesAreVisibleToTheWriteSetOnly() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir.resolve("db"))) {
      WriteSet ws = store.newWriteSet();
      ws.put(b("k"), value("staged", 1));
      assertThat(ws.current(b("k"))).isPresent();
      assertThat(store.get(b("k"))).isEmpty();
      ws.delete(b("k"));
      assertThat(ws.current(b("k"))).isEmpty();
    }
  }

  @Test
  void scanReturnsOrderedKeysInRangeAndOneExtraWhenMoreRemain() throws Exception {
    try (RocksKvStore store = RocksKvStore.open(dir.resolve("db"))) {
      WriteSet ws = store.newWriteSet();
      for (String k : List.of("a", "b1", "b2", "b3", "c")) {
        ws.put(b(k), value("v-" + k, 1));
      }
      store.commit(ws, at(1, 1));
      List<KeyValue> page = store.scan("b".getBytes(), "c".getBytes(), 2, true);
      assertThat(page).extracting(kv -> kv.getKey().toStringUtf8()).containsExactly("b1", "b2", "b3");
      assertThat(page).allMatch(kv -> kv.getValue().isEmpty());
      List<KeyValue> all = store.scan(new byte[0], null, 100, false);
      assertThat(all).extracting(kv -> kv.getValue().toStringUtf8())
          .containsExactly("v-a", "v-b1", "v-b2", "v-b3", "v-c");
    }
  }

  @Test
  void restoreFromCheckpointReplacesTheDatabase() throws Exception {
    Path db = dir.resolve("db");
    Path checkpoint = dir.resolve("snap");
    try (RocksKvStore store = RocksKvStore.open(db)) {
      WriteSet ws = store.newWriteSet();
      ws.put(b("kept"), value("in-checkpoint", 3));
      store.commit(ws, at(1, 3));
      store.checkpoint(checkpoint);
      WriteSet later = store.newWriteSet();
      later.put(b("later"), value("after-checkpoint", 4));
      store.commit(later, at(1, 4));
    }
    RocksKvStore.restore(checkpoint, db);
    try (RocksKvStore store = RocksKvStore.open(db)) {
      assertThat(store.applied().getIndex()).isEqualTo(3);
      assertThat(store.get(b("kept"))).isPresent();
      assertThat(store.get(b("later"))).isEmpty();
      // The restored store is writable without touching the checkpoint.
      WriteSet ws = store.newWriteSet();
      ws.put(b("new"), value("x", 5));
      store.commit(ws, at(1, 5));
    }
    try (RocksKvStore snapshot = RocksKvStore.open(checkpoint)) {
      assertThat(snapshot.applied().getIndex()).isEqualTo(3);
      assertThat(snapshot.get(b("new"))).isEmpty();
    }
  }

  @Test
  void readsAfterCloseFailWithARetryableError() throws Exception {
    RocksKvStore store = RocksKvStore.open(dir.resolve("db"));
    store.close();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.get(b("x")))
        .isInstanceOf(RocksKvStore.StoreClosedException.class).hasMessageContaining("retry");
  }

  @Test
  void prefixEndIsTheFirstKeyAfterThePrefix() {
    assertThat(ScanRange.prefixEnd("ab".getBytes())).isEqualTo("ac".getBytes());
    assertThat(ScanRange.prefixEnd(new byte[] {'a', (byte) 0xFF})).isEqualTo("b".getBytes());
    assertThat(ScanRange.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
  }

  @Test
  void writesSeeTheRecordsRocksDbHoldsWhileRecentRecordsAreEvictedAndSkipped() throws Exception {
    // ~4.5 MB of records over 300 keys against a 4 MiB bound, and some too large to keep: puts
    // and deletes must still count versions and keep create revisions as RocksDB holds them.
    Random random = new Random(7);
    Map<ByteString, long[]> expected = new HashMap<>(); // key -> {create revision, version}
    try (RocksKvStore store = RocksKvStore.open(dir.resolve("db"))) {
      for (long revision = 1; revision <= 1_500; revision++) {
        WriteSet ws = store.newWriteSet();
        for (int op = 0; op < 2; op++) {
          ByteString key = b("k" + random.nextInt(300));
          if (random.nextInt(5) == 0) {
            KvApplier.delete(DeleteRequest.newBuilder().setKey(key).build(), ws);
            expected.remove(key);
          } else {
            int size = random.nextInt(50) == 0 ? 300_000 : random.nextInt(30_000);
            KvApplier.put(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(new byte[size])).build(),
                revision, ws);
            long created = revision;
            expected.compute(key, (k, v) -> v == null ? new long[] {created, 1} : new long[] {v[0], v[1] + 1});
          }
        }
        store.commit(ws, at(1, revision));
      }
      for (int i = 0; i < 300; i++) {
        ByteString key = b("k" + i);
        long[] want = expected.get(key);
        if (want == null) {
          assertThat(store.load(key).map(StoredValue::getVersion)).as("%s deleted or never written", key.toStringUtf8())
              .isEmpty();
        } else {
          assertThat(store.load(key)).as(key.toStringUtf8()).hasValueSatisfying(v -> {
            assertThat(v.getCreateRevision()).isEqualTo(want[0]);
            assertThat(v.getVersion()).isEqualTo(want[1]);
          });
        }
        assertThat(store.loadForWrite(key).equals(store.load(key)))
            .as("%s: the record a write sees equals RocksDB's", key.toStringUtf8()).isTrue();
      }
    }
  }
}
