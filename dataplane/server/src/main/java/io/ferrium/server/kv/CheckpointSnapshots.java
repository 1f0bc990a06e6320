package io.ferrium.server.kv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots as RocksDB checkpoints in Ratis's state-machine directory, one directory per snapshot
 * named {@code snapshot.<term>_<index>}. RocksDB creates a checkpoint under a temporary name and
 * renames it when complete, so a directory with that name is always whole. Ratis sends the files
 * of the latest one to followers that need it, into the same layout.
 */
public final class CheckpointSnapshots implements StateMachineStorage {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointSnapshots.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");

  private volatile Path smDir;
  private volatile SnapshotInfo latest;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    this.smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    Files.createDirectories(smDir);
    reload();
  }

  /** Re-reads the directory, as after Ratis installed a snapshot sent by the leader. */
  public void reload() throws IOException {
    Optional<Path> dir = list().stream().findFirst();
    latest = dir.isPresent() ? describe(dir.get()) : null;
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    return latest;
  }

  /** Directory of the latest snapshot, if any. */
  public Optional<Path> latestDir() {
    SnapshotInfo info = latest;
    return info == null ? Optional.empty() : Optional.of(dirOf(info.getTermIndex()));
  }

  /** Takes a checkpoint of {@code store} at {@code position} and makes it the latest snapshot. */
  public SnapshotInfo take(RocksKvStore store, TermIndex position) throws IOException {
    Path target = dirOf(position);
    if (!Files.exists(target)) {
      store.checkpoint(target);
    }
    SnapshotInfo info = describe(target);
    latest = info;
    LOG.info("Took snapshot {} ({} files)", target.getFileName(), info.getFiles().size());
    return info;
  }

  @Override
  public void format() {
    // Nothing to format: the directory is created by init().
  }

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = Math.max(1, policy.getNumSnapshotsRetained());
    List<Path> all = list();
    for (Path old : all.subList(Math.min(keep, all.size()), all.size())) {
      LOG.debug("Deleting old snapshot {}", old);
      FileTrees.deleteRecursively(old);
    }
  }

  @Override
  public java.io.File getSnapshotDir() {
    return null; // Ratis's default: the state-machine directory
  }

  private Path dirOf(TermIndex position) {
    return smDir.resolve("snapshot." + position.getTerm() + "_" + position.getIndex());
  }

  /** Snapshot directories, newest first. */
  private List<Path> list() throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> children = Files.list(smDir)) {
      children.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
          .forEach(dirs::add);
    }
    dirs.sort(Comparator.comparing(CheckpointSnapshots::termIndexOf).reversed());
    return dirs;
  }

  private static TermIndex termIndexOf(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a snapshot directory: " + dir);
    }
    return TermIndex.valueOf(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
  }

  private static SnapshotInfo describe(Path dir) throws IOException {
    List<FileInfo> files = new ArrayList<>();
    try (Stream<Path> children = Files.list(dir)) {
      children.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".md5"))
          .sorted()
          .forEach(p -> files.add(new FileInfo(p.toAbsolutePath(), null)));
    }
    return new FileListSnapshotInfo(files, termIndexOf(dir));
  }
}
