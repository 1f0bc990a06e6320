package io.ferrium.server.kv;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.TxnRequest;
import java.util.List;

/**
 * Checks client requests against the node's limits before they reach Raft, so that a bad request
 * is refused with a message instead of entering the log.
 */
public final class RequestValidator {
  /** Default and maximum page size of a scan. */
  public static final int DEFAULT_SCAN_LIMIT = 1000;
  public static final int MAX_SCAN_LIMIT = 10_000;

  private final Limits limits;

  public RequestValidator(Limits limits) {
    this.limits = limits;
  }

  /** Size limits, from the node's [storage] configuration. */
  public record Limits(int maxKeyBytes, int maxValueBytes, int maxRequestBytes, int maxTxnOps) {
  }

  public Limits limits() {
    return limits;
  }

  public void check(PutRequest put) {
    checkKey(put.getKey(), "put");
    if (put.getValue().size() > limits.maxValueBytes) {
      throw new LimitExceededException("value of " + put.getValue().size() + " bytes exceeds the limit of "
          + limits.maxValueBytes + " bytes (storage.max-value-bytes)");
    }
    checkRequestSize(put.getSerializedSize(), "put");
  }

  public void check(GetRequest get) {
    checkKey(get.getKey(), "get");
  }

  public void check(DeleteRequest delete) {
    checkKey(delete.getKey(), "delete");
  }

  public void check(TxnRequest txn) {
    int ops = txn.getSuccessCount() + txn.getFailureCount();
    if (txn.getCompareCount() > limits.maxTxnOps || ops > limits.maxTxnOps) {
      throw new InvalidRequestException("txn has " + txn.getCompareCount() + " compares and " + ops
          + " operations; at most " + limits.maxTxnOps + " of each are allowed (storage.max-txn-ops)");
    }
    for (int i = 0; i < txn.getCompareCount(); i++) {
      check(txn.getCompare(i), i);
    }
    checkBranch(txn.getSuccessList(), "success");
    checkBranch(txn.getFailureList(), "failure");
    checkRequestSize(txn.getSerializedSize(), "txn");
  }

  private void check(Compare compare, int index) {
    String where = "txn compare[" + index + "]";
    checkKey(compare.getKey(), where);
    if (compare.getTargetCase() == Compare.TargetCase.TARGET_NOT_SET) {
      throw new InvalidRequestException(where + " sets no target: set one of value, mod_revision, version, exists");
    }
    if (compare.getOperator() == Compare.Operator.UNRECOGNIZED) {
      throw new InvalidRequestException(where + " has an unknown operator " + compare.getOperatorValue());
    }
    if (compare.getTargetCase() == Compare.TargetCase.EXISTS
        && compare.getOperator() != Compare.Operator.EQUAL
        && compare.getOperator() != Compare.Operator.NOT_EQUAL) {
      throw new InvalidRequestException(where + " compares existence with " + compare.getOperator()
          + "; only EQUAL and NOT_EQUAL are allowed");
    }
  }

  private void checkBranch(List<RequestOp> ops, String branch) {
    for (int i = 0; i < ops.size(); i++) {
      RequestOp op = ops.get(i);
      String where = "txn " + branch + "[" + i + "]";
      switch (op.getRequestCase()) {
        case PUT:
          checkKey(op.getPut().getKey(), where);
          if (op.getPut().getValue().size() > limits.maxValueBytes) {
            throw new LimitExceededException(where + ": value of " + op.getPut().getValue().size()
                + " bytes exceeds the limit of " + limits.maxValueBytes + " bytes (storage.max-value-bytes)");
          }
          break;
        case GET:
          checkKey(op.getGet().getKey(), where);
          break;
        case DELETE:
          checkKey(op.getDelete().getKey(), where);
          break;
        default:
          throw new InvalidRequestException(where + " is empty: set one of put, get, delete");
      }
    }
  }

  /** Checks a scan and returns its effective range and limit. */
  public ScanRange check(ScanRequest scan) {
    boolean hasPrefix = !scan.getPrefix().isEmpty();
    boolean hasRange = !scan.getStart().isEmpty() || !scan.getEnd().isEmpty();
    if (hasPrefix && hasRange) {
      throw new InvalidRequestException("scan sets both prefix and start/end; use one or the other");
    }
    if (scan.getLimit() > MAX_SCAN_LIMIT) {
      throw new InvalidRequestException("scan limit " + scan.getLimit() + " exceeds the maximum of " + MAX_SCAN_LIMIT);
    }
    for (ByteString bound : List.of(scan.getPrefix(), scan.getStart(), scan.getEnd(), scan.getContinuation())) {
      if (bound.size() > limits.maxKeyBytes) {
        throw new InvalidRequestException("scan bound of " + bound.size() + " bytes exceeds the key limit of "
            + limits.maxKeyBytes + " bytes");
      }
    }
    byte[] start = hasPrefix ? scan.getPrefix().toByteArray() : scan.getStart().toByteArray();
    byte[] end = hasPrefix ? ScanRange.prefixEnd(start)
        : scan.getEnd().isEmpty() ? null : scan.getEnd().toByteArray();
    if (end != null && java.util.Arrays.compareUnsigned(start, end) >= 0) {
      throw new InvalidRequestException("scan start must sort before end");
    }
    if (!scan.getContinuation().isEmpty()) {
      byte[] next = scan.getContinuation().toByteArray();
      if (java.util.Arrays.compareUnsigned(next, start) < 0
          || (end != null && java.util.Arrays.compareUnsigned(next, end) >= 0)) {
        throw new InvalidRequestException("scan continuation does not belong to this prefix or range;"
            + " pass the token from the previous page with the same prefix or range");
      }
      start = next;
    }
    int limit = scan.getLimit() == 0 ? DEFAULT_SCAN_LIMIT : scan.getLimit();
    return new ScanRange(start, end, limit);
  }

  private void checkKey(ByteString key, String what) {
    if (key.isEmpty()) {
      throw new InvalidRequestException(what + ": key must not be empty");
    }
    if (key.size() > limits.maxKeyBytes) {
      throw new LimitExceededException(what + ": key of " + key.size() + " bytes exceeds the limit of "
          + limits.maxKeyBytes + " bytes (storage.max-key-bytes)");
    }
  }

  private void checkRequestSize(int size, String what) {
    if (size > limits.maxRequestBytes) {
      throw new LimitExceededException(what + " request of " + size + " bytes exceeds the limit of "
          + limits.maxRequestBytes + " bytes (storage.max-request-bytes)");
    }
  }
}
