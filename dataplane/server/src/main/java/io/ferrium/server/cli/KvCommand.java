package io.ferrium.server.cli;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.Compare;
import io.ferrium.api.v1.Consistency;
import io.ferrium.api.v1.DeleteRequest;
import io.ferrium.api.v1.DeleteResponse;
import io.ferrium.api.v1.GetRequest;
import io.ferrium.api.v1.GetResponse;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.PutResponse;
import io.ferrium.api.v1.RequestOp;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.api.v1.TxnRequest;
import io.ferrium.api.v1.TxnResponse;
import io.ferrium.client.FerriumClient;
import io.ferrium.server.kv.KeyValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferrium kv put|get|del|scan|cas}. Keys and values are UTF-8 text. */
@Command(name = "kv", description = "Read and write keys.", mixinStandardHelpOptions = true,
    subcommands = {KvCommand.Put.class, KvCommand.Get.class, KvCommand.Del.class, KvCommand.Scan.class,
        KvCommand.Cas.class})
final class KvCommand {
  private KvCommand() {
  }

  static ByteString utf8(String s) {
    return ByteString.copyFromUtf8(s);
  }

  @Command(name = "put", description = "Set KEY to VALUE.")
  static final class Put extends ClientCommand {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @Override
    int run(FerriumClient client, Output out) {
      PutResponse r = client.put(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value)).build());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("key", key);
      result.put("revision", r.getHeader().getRevision());
      out.value(Cli.out(spec), out.json() ? result : "OK (revision " + r.getHeader().getRevision() + ")");
      return ExitCodes.OK;
    }
  }

  @Command(name = "get", description = "Print the value of KEY (exit code 4 if it does not exist).")
  static final class Get extends ClientCommand {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Option(names = "--serializable", description = "Read locally on the answering node (may be stale).")
    boolean serializable;

    @Override
    int run(FerriumClient client, Output out) {
      GetResponse r = client.get(GetRequest.newBuilder().setKey(utf8(key))
          .setConsistency(serializable ? Consistency.SERIALIZABLE : Consistency.LINEARIZABLE).build());
      if (!r.getFound()) {
        Cli.err(spec).println("ferrium: key not found: " + key);
        return ExitCodes.NOT_FOUND_OR_COMPARE_FAILED;
      }
      out.value(Cli.out(spec), out.json() ? KeyValues.toMap(r.getKv(), false) : r.getKv().getValue().toStringUtf8());
      return ExitCodes.OK;
    }
  }

  @Command(name = "del", aliases = "delete", description = "Delete KEY.")
  static final class Del extends ClientCommand {
    @Parameters(index = "0", paramLabel = "KEY") String key;

    @Override
    int run(FerriumClient client, Output out) {
      DeleteResponse r = client.delete(DeleteRequest.newBuilder().setKey(utf8(key)).build());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("key", key);
      result.put("deleted", r.getDeleted());
      result.put("revision", r.getHeader().getRevision());
      out.value(Cli.out(spec), out.json() ? result : r.getDeleted() ? "deleted" : "not found (nothing deleted)");
      return ExitCodes.OK;
    }
  }

  @Command(name = "scan", description = "List keys by prefix or range, in order; follows pages up to --limit.")
  static final class Scan extends ClientCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PREFIX", description = "Key prefix (default: all keys).")
    String prefix;
    @Option(names = "--start", description = "First key, inclusive (instead of PREFIX).") String start;
    @Option(names = "--end", description = "End key, exclusive.") String end;
    @Option(names = "--limit", description = "Most keys to print (default 100).") int limit = 100;
    @Option(names = "--keys-only", description = "Print keys without values.") boolean keysOnly;

    @Override
    int run(FerriumClient client, Output out) {
      List<KeyValue> found = new ArrayList<>();
      ByteString continuation = ByteString.EMPTY;
      boolean more = true;
      while (more && found.size() < limit) {
        ScanRequest.Builder request = ScanRequest.newBuilder().setKeysOnly(keysOnly)
            .setLimit(Math.min(1000, limit - found.size())).setContinuation(continuation);
        if (prefix != null) {
          request.setPrefix(utf8(prefix));
        }
        if (start != null) {
          request.setStart(utf8(start));
        }
        if (end != null) {
          request.setEnd(utf8(end));
        }
        ScanResponse page = client.scan(request.build());
        found.addAll(page.getKvsList());
        more = page.getMore();
        continuation = page.getContinuation();
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (KeyValue kv : found) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", kv.getKey().toStringUtf8());
        if (!keysOnly) {
          row.put("value", kv.getValue().toStringUtf8());
        }
        row.put("mod_revision", kv.getModRevision());
        rows.add(row);
      }
      List<Map<String, Object>> json = new ArrayList<>();
      found.forEach(kv -> json.add(KeyValues.toMap(kv, keysOnly)));
      out.rows(Cli.out(spec), Map.of("kvs", json, "more", more), rows);
      return ExitCodes.OK;
    }
  }

  @Command(name = "cas", description = "Set KEY to VALUE only if its current value is --expect"
      + " (or, with --absent, only if KEY does not exist). Exit code 4 if the compare fails.")
  static final class Cas extends ClientCommand {
    @Parameters(index = "0", paramLabel = "KEY") String key;
    @Parameters(index = "1", paramLabel = "VALUE") String value;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Expectation expectation;

    static final class Expectation {
      @Option(names = "--expect", paramLabel = "OLD", description = "The value KEY must have now.") String expected;
      @Option(names = "--absent", description = "KEY must not exist now.") boolean absent;
    }

    @Override
    int run(FerriumClient client, Output out) {
      Compare.Builder compare = Compare.newBuilder().setKey(utf8(key)).setOperator(Compare.Operator.EQUAL);
      if (expectation.absent) {
        compare.setExists(false);
      } else {
        compare.setValue(utf8(expectation.expected));
      }
      TxnResponse r = client.txn(TxnRequest.newBuilder().addCompare(compare)
          .addSuccess(RequestOp.newBuilder().setPut(PutRequest.newBuilder().setKey(utf8(key)).setValue(utf8(value))))
          .addFailure(RequestOp.newBuilder().setGet(GetRequest.newBuilder().setKey(utf8(key))))
          .build());
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("succeeded", r.getSucceeded());
      result.put("revision", r.getHeader().getRevision());
      String current = null;
      if (!r.getSucceeded() && r.getResponses(0).getGet().getFound()) {
        current = r.getResponses(0).getGet().getKv().getValue().toStringUtf8();
      }
      if (!r.getSucceeded()) {
        result.put("current", current);
      }
      out.value(Cli.out(spec), out.json() ? result : r.getSucceeded() ? "swapped (revision " + r.getHeader().getRevision() + ")"
          : "compare failed: current value is " + (current == null ? "(absent)" : "\"" + current + "\""));
      return r.getSucceeded() ? ExitCodes.OK : ExitCodes.NOT_FOUND_OR_COMPARE_FAILED;
    }
  }
}
