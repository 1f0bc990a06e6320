package io.ferrium.server.kv;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.DeleteResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.ResponseOp;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.server.proto.Op;
import io.ferrium.server.proto.OpResult;
import io.ferrium.server.proto.StoredValue;
import java.util.List;
import java.util.Optional;

/**
 * The meaning of each write: how an operation changes the keys and what it answers. Deterministic
 * (every replica computes the same result from the same state and revision) and free of I/O beyond
 * the {@link WriteSet} it is given.
 */
public final class KvApplier {
  private KvApplier() {
  }

  /** Applies one operation at {@code revision}. */
  public static OpResult apply(Op op, long revision, WriteSet ws) {
    switch (op.getOpCase()) {
      case PUT:
        return OpResult.newBuilder().setPut(put(op.getPut(), revision, ws)).build();
      case DELETE:
        return OpResult.newBuilder().setDelete(delete(op.getDelete(), ws)).build();
      case TXN:
        return OpResult.newBuilder().setTxn(txn(op.getTxn(), revision, ws)).build();
      case REGISTER_MEMBER:
        ws.putMember(op.getRegisterMember());
        return OpResult.newBuilder().setDone(true).build();
      case UNREGISTER_MEMBER:
        ws.deleteMember(op.getUnregisterMember());
        return OpResult.newBuilder().setDone(true).build();
      default:
        throw new IllegalArgumentException("empty operation");
    }
  }

  static PutResponse put(PutRequest put, long revision, WriteSet ws) {
    Optional<StoredValue> previous = ws.current(put.getKey());
    StoredValue next = StoredValue.newBuilder()
        .setValue(put.getValue())
        .setCreateRevision(previous.map(StoredValue::getCreateRevision).orElse(revision))
        .setModRevision(revision)
        .setVersion(previous.map(StoredValue::getVersion).orElse(0L) + 1)
        .build();
    ws.put(put.getKey(), next);
    PutResponse.Builder response = PutResponse.newBuilder();
    if (put.getPrevKv() && previous.isPresent()) {
      response.setPrevKv(RocksKvStore.toKeyValue(put.getKey(), previous.get(), false));
    }
    return response.build();
  }

  static DeleteResponse delete(DeleteRequest delete, WriteSet ws) {
    Optional<StoredValue> previous = ws.current(delete.getKey());
    DeleteResponse.Builder response = DeleteResponse.newBuilder().setDeleted(previous.isPresent());
    if (previous.isPresent()) {
      ws.delete(delete.getKey());
      if (delete.getPrevKv()) {
        response.setPrevKv(RocksKvStore.toKeyValue(delete.getKey(), previous.get(), false));
      }
    }
    return response.build();
  }

  static GetResponse get(GetRequest get, WriteSet ws) {
    Optional<StoredValue> current = ws.current(get.getKey());
    GetResponse.Builder response = GetResponse.newBuilder().setFound(current.isPresent());
    current.ifPresent(v -> response.setKv(RocksKvStore.toKeyValue(get.getKey(), v, false)));
    return response.build();
  }

  static TxnResponse txn(TxnRequest txn, long revision, WriteSet ws) {
    boolean succeeded = txn.getCompareList().stream().allMatch(c -> holds(c, ws.current(c.getKey())));
    List<RequestOp> branch = succeeded ? txn.getSuccessList() : txn.getFailureList();
    TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(succeeded);
    for (RequestOp op : branch) {
      ResponseOp.Builder result = ResponseOp.newBuilder();
      switch (op.getRequestCase()) {
        case PUT:
          result.setPut(put(op.getPut(), revision, ws));
          break;
        case GET:
          result.setGet(get(op.getGet(), ws));
          break;
        case DELETE:
          result.setDelete(delete(op.getDelete(), ws));
          break;
        default:
          throw new IllegalArgumentException("empty Txn operation");
      }
      response.addResponses(result);
    }
    return response.build();
  }

  /** Whether a compare holds for the key's current record (empty when the key is absent). */
  static boolean holds(Compare compare, Optional<StoredValue> current) {
    int cmp;
    switch (compare.getTargetCase()) {
      case VALUE:
        cmp = compareBytes(current.map(StoredValue::getValue).orElse(ByteString.EMPTY), compare.getValue());
        break;
      case MOD_REVISION:
        cmp = Long.compareUnsigned(current.map(StoredValue::getModRevision).orElse(0L), compare.getModRevision());
        break;
      case VERSION:
        cmp = Long.compareUnsigned(current.map(StoredValue::getVersion).orElse(0L), compare.getVersion());
        break;
      case EXISTS:
        cmp = current.isPresent() == compare.getExists() ? 0 : 1;
        break;
      default:
        throw new IllegalArgumentException("compare without a target");
    }
    switch (compare.getOperator()) {
      case EQUAL:
        return cmp == 0;
      case NOT_EQUAL:
        return cmp != 0;
      case GREATER:
        return cmp > 0;
      case LESS:
        return cmp < 0;
      default:
        throw new IllegalArgumentException("unknown compare operator " + compare.getOperatorValue());
    }
  }

  private static int compareBytes(ByteString a, ByteString b) {
    return ByteString.unsignedLexicographicalComparator().compare(a, b);
  }
}
