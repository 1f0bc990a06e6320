package io.ferrium.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferrium.server.proto.StoredValue;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {
  private static ByteString key(int i) {
    return ByteString.copyFromUtf8(String.format("key-%04d", i));
  }

  private static Optional<StoredValue> record(int valueBytes, long revision) {
    return Optional.of(StoredValue.newBuilder().setValue(ByteString.copyFrom(new byte[valueBytes]))
        .setCreateRevision(revision).setModRevision(revision).setVersion(1).build());
  }

  @Test
  void remembersRecordsAndAbsentKeysAndKnowsNothingElse() {
    RecentRecords recent = new RecentRecords(1 << 20);
    recent.put(key(1), record(10, 5));
    recent.put(key(2), Optional.empty());

    assertThat(recent.get(key(1))).isEqualTo(record(10, 5));
    assertThat(recent.get(key(2))).isEmpty();
    assertThat(recent.get(key(3))).isNull();
  }

  @Test
  void replacingARecordKeepsTheByteCountExact() {
    RecentRecords recent = new RecentRecords(1 << 20);
    recent.put(key(1), record(100, 1));
    recent.put(key(1), record(10, 2));
    recent.put(key(1), Optional.empty());

    assertThat(recent.size()).isEqualTo(1);
    assertThat(recent.bytes()).isEqualTo(key(1).size() + RecentRecords.ENTRY_OVERHEAD);
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondItsBound() {
    long entry = key(0).size() + 100 + RecentRecords.ENTRY_OVERHEAD;
    RecentRecords recent = new RecentRecords(entry * 20);
    for (int i = 0; i < 20; i++) {
      recent.put(key(i), record(100, i + 1));
    }
    recent.get(key(0));
    recent.put(key(20), record(100, 21));

    assertThat(recent.size()).isEqualTo(20);
    assertThat(recent.bytes()).isLessThanOrEqualTo(entry * 20);
    assertThat(recent.get(key(0))).as("read last, so kept").isNotNull();
    assertThat(recent.get(key(1))).as("least recently used, so evicted").isNull();
    assertThat(recent.get(key(20))).isNotNull();
  }

  @Test
  void doesNotKeepARecordLargerThanASixteenthOfTheBoundAndForgetsTheOldOne() {
    RecentRecords recent = new RecentRecords(16_000);
    recent.put(key(1), record(10, 1));
    recent.put(key(1), record(2_000, 2));

    assertThat(recent.get(key(1))).isNull();
    assertThat(recent.size()).isZero();
    assertThat(recent.bytes()).isZero();
  }
}
