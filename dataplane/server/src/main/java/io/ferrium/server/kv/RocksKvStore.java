package io.ferrium.server.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.Member;
import io.ferrium.server.proto.AppliedPosition;
import io.ferrium.server.proto.StoredValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The node's key-value data in RocksDB, independent of Raft.
 *
 * <p>Column family {@code kv} maps each key to a {@link StoredValue} (value and revisions); column
 * family {@code meta} holds the applied position and the member registry. Every change is written
 * with the applied position in one {@link WriteBatch}, so after a crash the store is exactly at
 * the position it reports, never between two entries.
 *
 * <p>The RocksDB WAL is written without fsync: durability comes from the Raft log, which is
 * replayed from the reported applied position on restart.
 */
public final class RocksKvStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] CF_KV = "kv".getBytes(StandardCharsets.UTF_8);
  private static final byte[] CF_META = "meta".getBytes(StandardCharsets.UTF_8);
  private static final byte[] APPLIED_KEY = "applied".getBytes(StandardCharsets.UTF_8);
  private static final String MEMBER_PREFIX = "member/";
  /** RocksDB's memory, memtables included: they are charged against the block cache. */
  private static final long MEMORY_BYTES = 24L << 20;
  private static final long MEMTABLES_BYTES = 12L << 20;
  private static final long KV_MEMTABLE_BYTES = 8L << 20;
  /** The applied position is overwritten on every write; its memtable holds little else. */
  private static final long META_MEMTABLE_BYTES = 1L << 20;
  /** The records the applying thread touched last, kept in the heap (see {@link RecentRecords}). */
  private static final long RECENT_RECORDS_BYTES = 4L << 20;

  private final Path dir;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions kvOptions;
  private final ColumnFamilyOptions metaOptions;
  private final LRUCache blockCache;
  private final WriteBufferManager memtables;
  private final WriteOptions writeOptions;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final RocksDB db;
  private final ColumnFamilyHandle kv;
  private final ColumnFamilyHandle meta;
  /** Readers hold it shared; close() holds it exclusively, so no read touches a closed handle. */
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private volatile AppliedPosition applied;
  /** Only the applying thread, through {@link WriteSet} and {@link #commit}, uses it. */
  private final RecentRecords recent = new RecentRecords(RECENT_RECORDS_BYTES);

  private RocksKvStore(Path dir) throws RocksDBException, IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    // Sized for small containers, with one bound for all of RocksDB's memory: its defaults (64 MiB
    // memtables per column family, two of them while one flushes, a 32 MiB block cache each) cost
    // more resident memory than the data of a typical node, and the applied position alone, rewritten
    // by every write, grew its column family's memtable to the full size. The memtables of all
    // column families share 12 MiB, charged to the 24 MiB block cache.
    this.blockCache = new LRUCache(MEMORY_BYTES);
    this.memtables = new WriteBufferManager(MEMTABLES_BYTES, blockCache);
    this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2).setWriteBufferManager(memtables);
    this.kvOptions = columnFamily(KV_MEMTABLE_BYTES);
    this.metaOptions = columnFamily(META_MEMTABLE_BYTES);
    this.writeOptions = new WriteOptions().setSync(false);
    List<ColumnFamilyDescriptor> descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, metaOptions),
        new ColumnFamilyDescriptor(CF_KV, kvOptions),
        new ColumnFamilyDescriptor(CF_META, metaOptions));
    this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    this.kv = handles.get(1);
    this.meta = handles.get(2);
    byte[] position = db.get(meta, APPLIED_KEY);
    this.applied = position == null ? AppliedPosition.getDefaultInstance() : AppliedPosition.parseFrom(position);
  }

  private ColumnFamilyOptions columnFamily(long memtableBytes) {
    return new ColumnFamilyOptions().setWriteBufferSize(memtableBytes)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static RocksKvStore open(Path dir) throws IOException {
    try {
      return new RocksKvStore(dir);
    } catch (RocksDBException e) {
      throw new IOException("cannot open RocksDB in " + dir + ": " + e.getMessage()
          + " (is another node using this data directory?)", e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The Raft position of the last command whose effects are in the store. */
  public AppliedPosition applied() {
    return applied;
  }

  /** The stored record of a key, if any. */
  public Optional<StoredValue> load(ByteString key) {
    return read(() -> {
      byte[] bytes = db.get(kv, key.toByteArray());
      return bytes == null ? Optional.empty() : Optional.of(StoredValue.parseFrom(bytes));
    });
  }

  /**
   * {@link #load} for the applying thread, which is the only one that changes keys: served from
   * the records it touched last when it can (a put needs the previous record's revisions).
   */
  Optional<StoredValue> loadForWrite(ByteString key) {
    Optional<StoredValue> known = recent.get(key);
    if (known == null) {
      known = load(key);
      recent.put(key, known);
    }
    return known;
  }

  /** The key-value of a key, if it exists. */
  public Optional<KeyValue> get(ByteString key) {
    return load(key).map(v -> toKeyValue(key, v, false));
  }

  /**
   * Keys in {@code [start, end)} in ascending order, at most {@code limit}; a null {@code end}
   * means no upper bound. Returns one more than {@code limit} when more keys remain, so the caller
   * learns where the next page starts.
   */
  public List<KeyValue> scan(byte[] start, byte[] end, int limit, boolean keysOnly) {
    return read(() -> {
      List<KeyValue> page = new ArrayList<>();
      try (RocksIterator it = db.newIterator(kv)) {
        for (it.seek(start); it.isValid() && page.size() <= limit; it.next()) {
          byte[] key = it.key();
          if (end != null && java.util.Arrays.compareUnsigned(key, end) >= 0) {
            break;
          }
          page.add(toKeyValue(ByteString.copyFrom(key), StoredValue.parseFrom(it.value()), keysOnly));
        }
        it.status();
      }
      return page;
    });
  }

  /** Starts a set of changes that sees its own writes; nothing is stored until {@link #commit}. */
  public WriteSet newWriteSet() {
    return new WriteSet(this);
  }

  /**
   * Writes the changes and the new applied position atomically. Called only by the applying
   * thread, like {@link #newWriteSet}.
   */
  public void commit(WriteSet changes, AppliedPosition position) {
    read(() -> {
      try (WriteBatch batch = new WriteBatch()) {
        changes.writeTo(batch, kv, meta);
        batch.put(meta, APPLIED_KEY, position.toByteArray());
        db.write(writeOptions, batch);
      }
      changes.rememberIn(recent);
      applied = position;
      return null;
    });
  }

  /** The replicated member registry: each member's addresses, by id. */
  public List<Member> members() {
    return read(() -> {
      List<Member> members = new ArrayList<>();
      byte[] prefix = MEMBER_PREFIX.getBytes(StandardCharsets.UTF_8);
      try (RocksIterator it = db.newIterator(meta)) {
        for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
          members.add(Member.parseFrom(it.value()));
        }
      }
      return members;
    });
  }

  /** RocksDB's estimate of the live data size in bytes (SST files plus memtables). */
  public long liveDataBytes() {
    return read(() -> db.getLongProperty(kv, "rocksdb.estimate-live-data-size")
        + db.getLongProperty(kv, "rocksdb.cur-size-all-mem-tables"));
  }

  /** Memory held by the memtables of every column family, those waiting to be flushed included. */
  long memtableBytes() {
    return read(() -> {
      long bytes = 0;
      for (ColumnFamilyHandle handle : handles) {
        bytes += db.getLongProperty(handle, "rocksdb.size-all-mem-tables");
      }
      return bytes;
    });
  }

  /** RocksDB's estimate of the number of keys. */
  public long estimatedKeys() {
    return read(() -> db.getLongProperty(kv, "rocksdb.estimate-num-keys"));
  }

  static byte[] memberKey(String id) {
    return (MEMBER_PREFIX + id).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes a consistent copy of the store into {@code target}, which must not exist. */
  public void checkpoint(Path target) throws IOException {
    try {
      read(() -> {
        try (Checkpoint checkpoint = Checkpoint.create(db)) {
          checkpoint.createCheckpoint(target.toString());
        }
        return null;
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Replaces the store in {@code dbDir} by a copy of a checkpoint. Immutable SST files are
   * hard-linked when possible; everything else is copied, since RocksDB appends to it.
   */
  public static void restore(Path checkpoint, Path dbDir) throws IOException {
    Path staging = dbDir.resolveSibling(dbDir.getFileName() + ".restoring");
    FileTrees.deleteRecursively(staging);
    Files.createDirectories(staging);
    try (var files = Files.list(checkpoint)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (name.endsWith(".md5") || Files.isDirectory(file)) {
          continue;
        }
        Path copy = staging.resolve(name);
        if (name.endsWith(".sst")) {
          try {
            Files.createLink(copy, file);
            continue;
          } catch (IOException | UnsupportedOperationException e) {
            // another file system: fall through to a copy
          }
        }
        Files.copy(file, copy);
      }
    }
    FileTrees.deleteRecursively(dbDir);
    Files.move(staging, dbDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (ColumnFamilyHandle handle : handles) {
        handle.close();
      }
      db.close();
      writeOptions.close();
      kvOptions.close();
      metaOptions.close();
      dbOptions.close();
      memtables.close();
      blockCache.close();
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  static KeyValue toKeyValue(ByteString key, StoredValue stored, boolean keysOnly) {
    KeyValue.Builder kv = KeyValue.newBuilder()
        .setKey(key)
        .setCreateRevision(stored.getCreateRevision())
        .setModRevision(stored.getModRevision())
        .setVersion(stored.getVersion());
    if (!keysOnly) {
      kv.setValue(stored.getValue());
    }
    return kv.build();
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @FunctionalInterface
  interface StoreCall<T> {
    T call() throws RocksDBException, InvalidProtocolBufferException, IOException;
  }

  private <T> T read(StoreCall<T> call) {
    lifecycle.readLock().lock();
    try {
      if (closed) {
        throw new StoreClosedException(dir);
      }
      return call.call();
    } catch (RocksDBException | IOException e) {
      throw new UncheckedIOException(new IOException("RocksDB in " + dir + " failed: " + e.getMessage(), e));
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  /** Thrown by reads that race with a snapshot installation; the caller may retry. */
  public static final class StoreClosedException extends IllegalStateException {
    StoreClosedException(Path dir) {
      super("the store in " + dir + " is closed (a snapshot is being installed); retry");
    }
  }
}
