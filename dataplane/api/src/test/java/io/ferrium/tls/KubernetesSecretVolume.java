package io.ferrium.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A Secret volume as the kubelet lays it out: the files live in a hidden timestamped directory,
 * {@code ..data} links to it, and each visible file links through {@code ..data}. An update writes a
 * new directory and swaps {@code ..data} with one atomic rename, then removes the old directory.
 */
public final class KubernetesSecretVolume {
  private final Path root;
  private int version;

  public KubernetesSecretVolume(Path root) {
    this.root = root;
  }

  public TlsFiles files() {
    return TlsFiles.inDirectory(root);
  }

  /** Publishes a new version whose files {@code writer} writes into the directory it is given. */
  public void publish(Consumer<Path> writer) throws IOException {
    Files.createDirectories(root);
    version++;
    Path next = root.resolve("..2026_11_26_05_00_00." + version);
    Files.createDirectory(next);
    writer.accept(next);
    Path data = root.resolve("..data");
    Path old = Files.isSymbolicLink(data) ? root.resolve(Files.readSymbolicLink(data)) : null;
    Path link = root.resolve("..data_tmp");
    Files.createSymbolicLink(link, next.getFileName());
    Files.move(link, data, StandardCopyOption.ATOMIC_MOVE);
    try (Stream<Path> files = Files.list(next)) {
      for (Path file : files.toList()) {
        Path visible = root.resolve(file.getFileName());
        if (!Files.isSymbolicLink(visible)) {
          Files.createSymbolicLink(visible, Path.of("..data").resolve(file.getFileName()));
        }
      }
    }
    if (old != null) {
      deleteRecursively(old);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : paths) {
        Files.delete(path);
      }
    }
  }
}
