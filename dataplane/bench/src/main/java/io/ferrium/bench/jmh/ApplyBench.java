package io.ferrium.bench.jmh;

import com.google.protobuf.ByteString;
import io.ferrium.server.kv.FileTrees;
import io.ferrium.server.kv.KvApplier;
import io.ferrium.server.kv.RocksKvStore;
import io.ferrium.server.kv.WriteSet;
import io.ferrium.server.proto.AppliedPosition;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link KvApplier#apply} of a put and of a compare-and-swap Txn over existing keys: reading the
 * previous record from RocksDB and staging the new one, without the commit (see
 * {@link StoreCommitBench} for that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApplyBench {
  private static final int KEYS = 10_000;

  private Path dir;
  private RocksKvStore store;
  private Op[] puts;
  private Op[] txns;
  private long revision;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("ferrium-jmh-apply");
    store = RocksKvStore.open(dir.resolve("db"));
    ByteString[] keys = HotPathData.keys(KEYS);
    ByteString value = HotPathData.value();
    puts = new Op[KEYS];
    txns = new Op[KEYS];
    WriteSet preload = store.newWriteSet();
    for (int i = 0; i < KEYS; i++) {
      puts[i] = HotPathData.put(keys[i], value);
      txns[i] = HotPathData.casTxn(keys[i], value);
      KvApplier.apply(puts[i], 1, preload);
    }
    store.commit(preload, AppliedPosition.newBuilder().setTerm(1).setIndex(1).build());
    revision = 1;
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    FileTrees.deleteRecursively(dir);
  }

  @Benchmark
  public OpResult applyPut() {
    long next = ++revision;
    return KvApplier.apply(puts[(int) (next % KEYS)], next, store.newWriteSet());
  }

  @Benchmark
  public OpResult applyCasTxn() {
    long next = ++revision;
    return KvApplier.apply(txns[(int) (next % KEYS)], next, store.newWriteSet());
  }
}
