package io.ferrium.bench.jmh;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.server.proto.Op;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** The load generator's shapes for the JMH benchmarks: 16-byte keys, 100-byte values. */
final class HotPathData {
  private HotPathData() {
  }

  static ByteString[] keys(int n) {
    ByteString[] keys = new ByteString[n];
    for (int i = 0; i < n; i++) {
      keys[i] = ByteString.copyFrom(String.format("k%015d", i), StandardCharsets.US_ASCII);
    }
    return keys;
  }

  static ByteString value() {
    SplittableRandom random = new SplittableRandom(1);
    byte[] value = new byte[100];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) ('!' + random.nextInt(94));
    }
    return ByteString.copyFrom(value);
  }

  static Op put(ByteString key, ByteString value) {
    return Op.newBuilder().setPut(PutRequest.newBuilder().setKey(key).setValue(value)).build();
  }

  /** A compare-and-swap: if the key exists, overwrite it. */
  static Op casTxn(ByteString key, ByteString value) {
    return Op.newBuilder().setTxn(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(key).setOperator(Compare.Operator.EQUAL).setExists(true))
        .addSuccess(RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(key).setValue(value))))
        .build();
  }
}
