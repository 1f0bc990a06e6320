package io.ferrium.bench.jmh;

import com.google.protobuf.ByteString;
import io.ferrium.server.kv.FileTrees;
import io.ferrium.server.kv.RocksKvStore;
import io.ferrium.server.kv.WriteSet;
import io.ferrium.server.proto.AppliedPosition;
import io.ferrium.server.proto.StoredValue;
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
 * {@link RocksKvStore#commit} of a {@link WriteSet} holding one put (16-byte key, 100-byte value)
 * with its applied position: what the state machine does once per Raft entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StoreCommitBench {
  private Path dir;
  private RocksKvStore store;
  private ByteString[] keys;
  private StoredValue value;
  private long index;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory("ferrium-jmh-store");
    store = RocksKvStore.open(dir.resolve("db"));
    keys = HotPathData.keys(10_000);
    value = StoredValue.newBuilder().setValue(HotPathData.value()).setCreateRevision(1).setModRevision(1)
        .setVersion(1).build();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    store.close();
    FileTrees.deleteRecursively(dir);
  }

  @Benchmark
  public void commitOnePut() {
    long next = ++index;
    WriteSet changes = store.newWriteSet();
    changes.put(keys[(int) (next % keys.length)], value);
    store.commit(changes, AppliedPosition.newBuilder().setTerm(1).setIndex(next).build());
  }
}
