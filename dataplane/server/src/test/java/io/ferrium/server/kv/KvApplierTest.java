package io.ferrium.server.kv;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.server.proto.AppliedPosition;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import io.ferrium.server.proto.StoredValue;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvApplierTest {
  @TempDir
  Path dir;
  RocksKvStore store;
  long revision;

  @BeforeEach
  void open() throws Exception {
    store = RocksKvStore.open(dir.resolve("db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ByteString b(String s) {
    return ByteString.copyFromUtf8(s);
  }

  /** Applies one op as its own log entry, as the state machine does. */
  private OpResult apply(Op op) {
    revision++;
    WriteSet ws = store.newWriteSet();
    OpResult result = KvApplier.apply(op, revision, ws);
    store.commit(ws, AppliedPosition.newBuilder().setTerm(1).setIndex(revision).build());
    return result;
  }

  private OpResult put(String k, String v, boolean prev) {
    return apply(Op.newBuilder().setPut(PutRequest.newBuilder().setKey(b(k)).setValue(b(v)).setPrevKv(prev)).build());
  }

  private TxnResponse txn(TxnRequest txn) {
    return apply(Op.newBuilder().setTxn(txn).build()).getTxn();
  }

  @Test
  void putTracksCreateAndModRevisionsAndVersion() {
    put("k", "a", false);
    put("other", "x", false);
    OpResult second = put("k", "b", true);
    assertThat(second.getPut().getPrevKv().getValue()).isEqualTo(b("a"));
    var kv = store.get(b("k")).orElseThrow();
    assertThat(kv.getCreateRevision()).isEqualTo(1);
    assertThat(kv.getModRevision()).isEqualTo(3);
    assertThat(kv.getVersion()).isEqualTo(2);
  }

  @Test
  void deleteResetsTheKeyAndReportsWhetherItExisted() {
    put("k", "a", false);
    OpResult deleted = apply(Op.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(b("k")).setPrevKv(true)).build());
    assertThat(deleted.getDelete().getDeleted()).isTrue();
    assertThat(deleted.getDelete().getPrevKv().getValue()).isEqualTo(b("a"));
    OpResult again = apply(Op.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(b("k"))).build());
    assertThat(again.getDelete().getDeleted()).isFalse();
    put("k", "new", false);
    var kv = store.get(b("k")).orElseThrow();
    assertThat(kv.getVersion()).isEqualTo(1);
    assertThat(kv.getCreateRevision()).isEqualTo(4);
  }

  @Test
  void txnRunsSuccessBranchWhenEveryCompareHolds() {
    put("k", "v1", false);
    TxnResponse r = txn(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("k")).setValue(b("v1")))
        .addCompare(Compare.newBuilder().setKey(b("k")).setOperator(Compare.Operator.EQUAL).setVersion(1))
        .addCompare(Compare.newBuilder().setKey(b("missing")).setExists(false))
        .addSuccess(RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(b("k")).setValue(b("v2"))))
        .addSuccess(RequestOp.newBuilder().setGet(GetRequest.newBuilder().setKey(b("k"))))
        .addFailure(RequestOp.newBuilder().setDelete(DeleteRequest.newBuilder().setKey(b("k"))))
        .build());
    assertThat(r.getSucceeded()).isTrue();
    assertThat(r.getResponses(1).getGet().getKv().getValue()).as("a get sees the put before it").isEqualTo(b("v2"));
    assertThat(store.get(b("k")).orElseThrow().getValue()).isEqualTo(b("v2"));
  }

  @Test
  void txnRunsFailureBranchWhenAnyCompareFails() {
    put("k", "v1", false);
    TxnResponse r = txn(TxnRequest.newBuilder()
        .addCompare(Compare.newBuilder().setKey(b("k")).setOperator(Compare.Operator.GREATER).setModRevision(1))
        .addSuccess(RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(b("k")).setValue(b("won"))))
        .addFailure(RequestOp.newBuilder().setGet(GetRequest.newBuilder().setKey(b("k"))))
        .build());
    assertThat(r.getSucceeded()).isFalse();
    assertThat(r.getResponses(0).getGet().getKv().getValue()).isEqualTo(b("v1"));
    assertThat(store.get(b("k")).orElseThrow().getValue()).isEqualTo(b("v1"));
  }

  @Test
  void comparesFollowTheirOperators() {
    StoredValue current = StoredValue.newBuilder().setValue(b("m")).setModRevision(5).setVersion(2).build();
    Optional<StoredValue> present = Optional.of(current);
    assertThat(KvApplier.holds(cmp(Compare.Operator.LESS).setValue(b("n")).build(), present)).isTrue();
    assertThat(KvApplier.holds(cmp(Compare.Operator.GREATER).setValue(b("n")).build(), present)).isFalse();
    assertThat(KvApplier.holds(cmp(Compare.Operator.NOT_EQUAL).setModRevision(5).build(), present)).isFalse();
    assertThat(KvApplier.holds(cmp(Compare.Operator.GREATER).setVersion(1).build(), present)).isTrue();
    assertThat(KvApplier.holds(cmp(Compare.Operator.EQUAL).setExists(true).build(), present)).isTrue();
    assertThat(KvApplier.holds(cmp(Compare.Operator.NOT_EQUAL).setExists(true).build(), Optional.empty())).isTrue();
    assertThat(KvApplier.holds(cmp(Compare.Operator.EQUAL).setVersion(0).build(), Optional.empty())).isTrue();
    assertThat(KvApplier.holds(cmp(Compare.Operator.GREATER).setValue(ByteString.copyFrom(new byte[] {1})).build(),
        Optional.of(current.toBuilder().setValue(ByteString.copyFrom(new byte[] {(byte) 0xC4})).build())))
        .as("bytes compare unsigned: 0xC4 > 0x01").isTrue();
  }

  private static Compare.Builder cmp(Compare.Operator op) {
    return Compare.newBuilder().setKey(b("k")).setOperator(op);
  }
}
