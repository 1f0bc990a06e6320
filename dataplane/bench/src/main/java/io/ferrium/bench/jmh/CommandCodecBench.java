package io.ferrium.bench.jmh;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.ferrium.server.proto.Command;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding of a Raft log entry ({@link Command}) of {@code ops} puts: one client write,
 * or a group of writes committed together.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CommandCodecBench {
  @Param({"1", "64"})
  public int ops;

  private Command command;
  private byte[] encoded;
  private ByteString encodedString;

  @Setup
  public void build() {
    ByteString[] keys = HotPathData.keys(ops);
    ByteString value = HotPathData.value();
    Command.Builder builder = Command.newBuilder();
    for (ByteString key : keys) {
      builder.addOps(HotPathData.put(key, value));
    }
    command = builder.build();
    encoded = command.toByteArray();
    encodedString = command.toByteString();
  }

  @Benchmark
  public byte[] encodeToByteArray() {
    return command.toByteArray();
  }

  @Benchmark
  public ByteString encodeToByteString() {
    return command.toByteString();
  }

  @Benchmark
  public Command decodeFromByteArray() throws InvalidProtocolBufferException {
    return Command.parseFrom(encoded);
  }

  @Benchmark
  public Command decodeFromByteString() throws InvalidProtocolBufferException {
    return Command.parseFrom(encodedString);
  }
}
