package io.ferrium.server.examples;

import com.google.protobuf.ByteString;
import io.ferrium.api.v1.PutRequest;
import io.ferrium.client.FerriumClient;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A first look at write performance until the benchmark tool exists: sequential puts, then puts
 * with N outstanding, 16-byte keys and 100-byte values, each phase bounded in time and count.
 * {@code java -cp dataplane/server/target/ferrium-server.jar <this file> OUTSTANDING SECONDS host:port...};
 * with {@code FERRIUM_CACERT} (and {@code FERRIUM_CERT}, {@code FERRIUM_KEY}) set, over TLS (mutual TLS).
 */
public final class QuickBench {
  private static final int MAX_OPS = 200_000;

  private QuickBench() {
  }

  public static void main(String[] args) throws Exception {
    int outstanding = Integer.parseInt(args[0]);
    long seconds = Long.parseLong(args[1]);
    List<String> endpoints = Arrays.asList(args).subList(2, args.length);
    byte[] value = new byte[100];
    Arrays.fill(value, (byte) 'v');
    FerriumClient.Builder builder = FerriumClient.builder().endpoints(endpoints);
    String ca = System.getenv("FERRIUM_CACERT");
    if (ca != null) {
      String cert = System.getenv("FERRIUM_CERT");
      builder = cert == null ? builder.tls(Path.of(ca))
          : builder.mtls(Path.of(ca), Path.of(cert), Path.of(System.getenv("FERRIUM_KEY")));
    }
    try (FerriumClient client = builder.build()) {
      for (int i = 0; i < 200; i++) {
        client.put(PutRequest.newBuilder().setKey(key(i)).setValue(ByteString.copyFrom(value)).build());
      }
      long[] latencies = new long[MAX_OPS];
      int n = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long start = System.nanoTime();
      while (n < MAX_OPS && System.nanoTime() < end) {
        long t0 = System.nanoTime();
        client.put(PutRequest.newBuilder().setKey(key(n)).setValue(ByteString.copyFrom(value)).build());
        latencies[n++] = System.nanoTime() - t0;
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies, 0, n);
      System.out.printf("sequential puts: %d in %.1f s = %.0f ops/s, p50 %.2f ms, p99 %.2f ms%n", n, elapsed,
          n / elapsed, latencies[n / 2] / 1e6, latencies[(int) (n * 0.99)] / 1e6);

      Semaphore window = new Semaphore(outstanding);
      AtomicLong done = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      int sent = 0;
      end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      start = System.nanoTime();
      while (sent < MAX_OPS && System.nanoTime() < end) {
        window.acquire();
        client.putAsync(PutRequest.newBuilder().setKey(key(sent++)).setValue(ByteString.copyFrom(value)).build())
            .whenComplete((r, e) -> {
              (e == null ? done : failed).incrementAndGet();
              window.release();
            });
      }
      window.acquire(outstanding);
      elapsed = (System.nanoTime() - start) / 1e9;
      System.out.printf("puts at %d outstanding: %d in %.1f s = %.0f ops/s, %d failed%n", outstanding, done.get(),
          elapsed, done.get() / elapsed, failed.get());
    }
  }

  private static ByteString key(int i) {
    return ByteString.copyFromUtf8(String.format("bench-%010d", i));
  }
}
