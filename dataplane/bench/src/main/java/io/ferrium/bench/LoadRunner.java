package io.ferrium.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one {@link Target} with a closed loop of at most {@code outstanding} requests in flight:
 * a request is sent as soon as one returns. Sends for {@code warmup}, then for {@code duration} (or
 * up to {@code maxOps} measured sends), then waits for the requests still in flight, at most
 * {@code requestTimeout}; those still unanswered count as errors.
 *
 * <p>Measured are the completions from the end of the warm-up on: their latency (sending to
 * completion, so a request sent during the warm-up that is answered late shows its whole wait) and
 * their number over the time from the end of the warm-up to the last completion. A store that stalls
 * therefore shows as errors or long latencies, never as a run with nothing in it.
 */
final class LoadRunner {
  /** Latencies above this are recorded as this (the histogram's range). */
  private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(2);
  /**
   * Preloading writes keys with up to this many requests in flight, whatever the run's window, and
   * at most {@link #PRELOAD_BYTES} of values: a store may refuse more (Ferrium answers "busy" past
   * its bytes-in-flight bound), and 128 large values would spend the preload in retries.
   */
  private static final int PRELOAD_WINDOW = 128;
  private static final long PRELOAD_BYTES = 4L << 20;
  /** The longest slice of one run's load in {@link #settle}. */
  static final Duration SETTLE_SLICE_MAX = Duration.ofSeconds(10);

  private final Target target;
  private final PrintStream progress;
  private KeySpace preloaded;

  LoadRunner(Target target, PrintStream progress) {
    this.target = target;
    this.progress = progress;
  }

  /** Runs one load against the target; preloads the keyspace first if the workload reads it. */
  RunResult run(LoadSettings s) throws InterruptedException {
    KeySpace keys = keysFor(s);
    if (s.workload().readsPreloadedKeys()) {
      preload(keys, s.requestTimeout());
    }
    progress.printf(Locale.ROOT, "%s %s, %d outstanding: warm-up %.1f s, measuring %.1f s%n",
        target.name(), s.workload(), s.outstanding(), s.warmup().toMillis() / 1e3, s.duration().toMillis() / 1e3);
    return measure(s, keys);
  }

  /**
   * Unmeasured load before the measured runs: each run's workload and window in turn, in slices of
   * at most {@link #SETTLE_SLICE_MAX}, pass after pass until {@code total} is spent, without
   * warm-ups. It brings the target, and this process's own client code, to the state a long-running
   * one is in (a JVM compiles its hot paths during the first minutes of load, and a cold client adds
   * its own delay to every request it times). Passes rather than one long slice per run: a JVM
   * recompiles code when a later workload changes what its earlier compilation assumed, so after a
   * single pass of 30 s slices a Ferrium leader still spent ~12 % of a core compiling during the
   * first measured run, and after three passes of 10 s, ~1 %. Errors are reported on the progress
   * stream and do not fail the settle.
   */
  void settle(List<LoadSettings> runs, Duration total) throws InterruptedException {
    settle(runs, total, SETTLE_SLICE_MAX);
  }

  void settle(List<LoadSettings> runs, Duration total, Duration sliceMax) throws InterruptedException {
    if (runs.isEmpty() || total.isZero()) {
      return;
    }
    long perPass = sliceMax.toNanos() * runs.size();
    long passes = Math.max(1, (total.toNanos() + perPass - 1) / perPass);
    Duration slice = total.dividedBy(runs.size() * passes);
    if (slice.isZero()) {
      slice = Duration.ofNanos(1);
    }
    for (long pass = 1; pass <= passes; pass++) {
      for (LoadSettings s : runs) {
        progress.printf(Locale.ROOT, "%s: settling (pass %d of %d) with %s at %d outstanding for %.1f s%n",
            target.name(), pass, passes, s.workload().label(), s.outstanding(), slice.toMillis() / 1e3);
        KeySpace keys = keysFor(s);
        if (s.workload().readsPreloadedKeys()) {
          preload(keys, s.requestTimeout());
        }
        RunResult result = measure(s.withTiming(Duration.ZERO, slice), keys);
        if (result.errors() > 0) {
          progress.printf(Locale.ROOT, "%s: %d errors while settling, first: %s%n", target.name(),
              result.errors(), result.firstError());
        }
      }
    }
  }

  private KeySpace keysFor(LoadSettings s) {
    // Reuse the preloaded keyspace when the shape matches: its keys are in the store already.
    if (preloaded != null && preloaded.size() == s.keyspace() && preloaded.key(0).length == s.keySize()
        && preloaded.value().length == s.valueSize()) {
      return preloaded;
    }
    preloaded = null;
    return new KeySpace(s.keyspace(), s.keySize(), s.valueSize(), s.seed());
  }

  /** Writes every key once. Fails the run if any write fails: reads of missing keys would be errors. */
  private void preload(KeySpace keys, Duration requestTimeout) throws InterruptedException {
    if (preloaded == keys) {
      return;
    }
    progress.printf("%s: preloading %d keys%n", target.name(), keys.size());
    int inFlight = preloadWindow(keys.value().length);
    Semaphore window = new Semaphore(inFlight);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < keys.size() && failure.get() == null; i++) {
      if (!window.tryAcquire(requestTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException(target.name() + ": preload stalled: no write returned in "
            + seconds(requestTimeout));
      }
      byte[] key = keys.key(i);
      send(() -> target.put(key, keys.value())).whenComplete((r, e) -> {
        if (e != null) {
          failure.compareAndSet(null, unwrap(e));
        }
        window.release();
      });
    }
    if (!window.tryAcquire(inFlight, requestTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
      throw new IllegalStateException(target.name() + ": preload did not finish within " + seconds(requestTimeout));
    }
    if (failure.get() != null) {
      throw new IllegalStateException(target.name() + ": preload failed: " + failure.get(), failure.get());
    }
    preloaded = keys;
  }

  private static int preloadWindow(int valueBytes) {
    return (int) Math.max(1, Math.min(PRELOAD_WINDOW, PRELOAD_BYTES / Math.max(1, valueBytes)));
  }

  private RunResult measure(LoadSettings s, KeySpace keys) throws InterruptedException {
    Recorder latencies = new Recorder(1_000, MAX_LATENCY_NANOS, 3);
    LongAdder ops = new LongAdder();
    LongAdder errors = new LongAdder();
    AtomicLong lastCompletion = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    Semaphore window = new Semaphore(s.outstanding());
    SplittableRandom random = new SplittableRandom(s.seed());
    boolean linearizable = s.workload().linearizableReads();
    int getPercent = s.workload().getPercent();

    long start = System.nanoTime();
    long measureStart = start + s.warmup().toNanos();
    long end = measureStart + s.duration().toNanos();
    long measuredSent = 0;
    lastCompletion.set(measureStart);
    while (measuredSent < s.maxOps()) {
      long now = System.nanoTime();
      if (now - end >= 0 || !window.tryAcquire(end - now, TimeUnit.NANOSECONDS)) {
        break;
      }
      byte[] key = keys.key(random.nextInt(keys.size()));
      boolean get = getPercent == 100 || (getPercent > 0 && random.nextInt(100) < getPercent);
      long sent = System.nanoTime();
      if (sent - measureStart >= 0) {
        measuredSent++;
      }
      CompletableFuture<?> call = send(() -> get ? target.get(key, linearizable) : target.put(key, keys.value()));
      call.whenComplete((r, e) -> {
        long done = System.nanoTime();
        if (done - measureStart >= 0) {
          if (e == null) {
            latencies.recordValue(Math.min(Math.max(done - sent, 1_000), MAX_LATENCY_NANOS));
            ops.increment();
            lastCompletion.accumulateAndGet(done, (a, b) -> b - a > 0 ? b : a);
          } else {
            errors.increment();
            firstError.compareAndSet(null, String.valueOf(unwrap(e)));
          }
        }
        window.release();
      });
    }
    long stoppedSending = System.nanoTime();
    int stuck = drain(window, s.outstanding(), s.requestTimeout());
    if (stuck > 0) {
      errors.add(stuck);
      firstError.compareAndSet(null, stuck + " requests still unanswered " + seconds(s.requestTimeout())
          + " after the run");
    }
    Histogram histogram = latencies.getIntervalHistogram();
    long last = lastCompletion.get() - stoppedSending > 0 ? lastCompletion.get() : stoppedSending;
    double seconds = Math.max(last - measureStart, 1) / 1e9;
    return RunResult.of(target.name(), s, seconds, ops.sum(), errors.sum(), histogram, firstError.get());
  }

  /** Waits for the requests in flight; returns how many did not return in time. */
  private static int drain(Semaphore window, int outstanding, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int returned = 0;
    while (returned < outstanding) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !window.tryAcquire(left, TimeUnit.NANOSECONDS)) {
        break;
      }
      returned++;
    }
    window.release(returned);
    return outstanding - returned;
  }

  /** Calls the target; a call that throws instead of returning a failed future counts the same. */
  private static CompletableFuture<?> send(java.util.function.Supplier<CompletableFuture<?>> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1e3);
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
