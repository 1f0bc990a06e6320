package io.ferrium.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.KeyValue;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.api.v1.ScanRequest;
import io.ferrium.api.v1.ScanResponse;
import io.ferrium.client.FerriumClient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three node processes under write load, all killed with SIGKILL, restarted: no acknowledged write is lost. */
@Timeout(600)
class CrashRecoveryTest {
  private static final int MAX_WRITES = 3000;
  private static final long LOAD_MILLIS = 15_000;
  private static final int OUTSTANDING = 32;

  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedWriteSurvivesKillingEveryNode() throws Exception {
    try (ProcessCluster cluster = new ProcessCluster(3, dir)) {
      cluster.startAll();
      cluster.init();
      cluster.awaitLeader();

      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      try (FerriumClient client = cluster.client()) {
        Semaphore window = new Semaphore(OUTSTANDING);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LOAD_MILLIS);
        int sent = 0;
        while (sent < MAX_WRITES && System.nanoTime() < end) {
          window.acquire();
          String key = String.format("w-%06d", sent++);
          CompletableFuture<?> put = client.putAsync(PutRequest.newBuilder()
              .setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8("v" + key)).build());
          put.whenComplete((r, e) -> {
            if (e == null) {
              acknowledged.add(key);
            }
            window.release();
          });
          if (sent == MAX_WRITES / 2) {
            // Kill with writes in flight: those may or may not survive, the acknowledged ones must.
            cluster.kill9All();
            break;
          }
        }
      }
      cluster.kill9All();
      assertThat(acknowledged).as("writes acknowledged before the crash").hasSizeGreaterThan(100);

      cluster.startAll();
      cluster.awaitLeader();
      try (FerriumClient client = cluster.client()) {
        Set<String> present = scanAll(client);
        assertThat(present).containsAll(acknowledged);
        for (String key : acknowledged) {
          assertThat(present).contains(key);
        }
        assertThat(client.get("w-000000")).contains("vw-000000");
      }
    }
  }

  private static Set<String> scanAll(FerriumClient client) {
    Set<String> keys = new HashSet<>();
    ByteString continuation = ByteString.EMPTY;
    while (true) {
      ScanResponse page = client.scan(ScanRequest.newBuilder().setPrefix(ByteString.copyFromUtf8("w-"))
          .setContinuation(continuation).setLimit(1000).build());
      for (KeyValue kv : page.getKvsList()) {
        keys.add(kv.getKey().toStringUtf8());
      }
      if (!page.getMore()) {
        return keys;
      }
      continuation = page.getContinuation();
    }
  }
}
