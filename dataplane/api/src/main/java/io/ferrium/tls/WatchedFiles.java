package io.ferrium.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cheap change detection for a few small files. A stamp is each file's real path (after following
 * symlinks, so Kubernetes' swap of the {@code ..data} link changes it), modification time and size;
 * the contents' SHA-256 then tells whether anything really changed.
 */
final class WatchedFiles {
  private WatchedFiles() {}

  /** The files' bytes as read, and their combined digest. */
  record Contents(Map<Path, byte[]> bytes, String sha256) {
    byte[] of(Path file) {
      return bytes.get(file);
    }
  }

  static String stamp(List<Path> files) {
    StringBuilder stamp = new StringBuilder();
    for (Path file : files) {
      try {
        Path real = file.toRealPath();
        BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
        stamp.append(real).append('|').append(attributes.lastModifiedTime()).append('|')
            .append(attributes.size()).append('|').append(attributes.fileKey()).append('\n');
      } catch (IOException e) {
        stamp.append(file).append("|unreadable: ").append(e).append('\n');
      }
    }
    return stamp.toString();
  }

  static Contents read(List<Path> files) {
    Map<Path, byte[]> bytes = new LinkedHashMap<>();
    MessageDigest digest = sha256();
    for (Path file : files) {
      byte[] content;
      try {
        content = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new TlsMaterialException(file + ": cannot read: " + e, e);
      }
      bytes.put(file, content);
      digest.update(file.toString().getBytes(StandardCharsets.UTF_8));
      digest.update(longBytes(content.length));
      digest.update(content);
    }
    return new Contents(bytes, HexFormat.of().formatHex(digest.digest()));
  }

  private static byte[] longBytes(long value) {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) value;
      value >>>= 8;
    }
    return bytes;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
