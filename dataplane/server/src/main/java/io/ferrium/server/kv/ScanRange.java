package io.ferrium.server.kv;

/** A validated scan: keys in {@code [start, end)} ({@code end} null = unbounded), at most {@code limit}. */
public record ScanRange(byte[] start, byte[] end, int limit) {
  /** The first key after every key starting with {@code prefix}, or null if there is none. */
  static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
