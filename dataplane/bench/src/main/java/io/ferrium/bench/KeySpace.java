package io.ferrium.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The keys of a run, {@code keyspace} of them, each exactly {@code keySize} bytes ({@code k} and a
 * zero-padded index: {@code k000000000000042}), made once so no key is built while timing; and one
 * random value of {@code valueSize} bytes, shared by every write.
 */
final class KeySpace {
  private final byte[][] keys;
  private final byte[] value;

  KeySpace(int keyspace, int keySize, int valueSize, long seed) {
    if (keySize < minKeySize(keyspace)) {
      throw new IllegalArgumentException("keys of " + keySize + " bytes cannot tell " + keyspace + " keys apart");
    }
    this.keys = new byte[keyspace][];
    for (int i = 0; i < keyspace; i++) {
      keys[i] = key(i, keySize);
    }
    SplittableRandom random = new SplittableRandom(seed);
    this.value = new byte[valueSize];
    for (int i = 0; i < valueSize; i++) {
      value[i] = (byte) ('!' + random.nextInt(94)); // printable, so values read well in etcdctl and curl
    }
  }

  /** The smallest key size that holds {@code k} and every index below {@code keyspace}. */
  static int minKeySize(int keyspace) {
    return 1 + Integer.toString(Math.max(0, keyspace - 1)).length();
  }

  static byte[] key(int index, int keySize) {
    byte[] key = new byte[keySize];
    Arrays.fill(key, (byte) '0');
    key[0] = 'k';
    byte[] digits = Integer.toString(index).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(digits, 0, key, keySize - digits.length, digits.length);
    return key;
  }

  int size() {
    return keys.length;
  }

  byte[] key(int index) {
    return keys[index];
  }

  byte[] value() {
    return value;
  }
}
