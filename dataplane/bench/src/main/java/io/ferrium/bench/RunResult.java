package io.ferrium.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one run measured. Latencies in milliseconds; {@code rssKb} is the resident memory of the
 * processes the user named ({@code --rss-pid}), read right after the run, by pid; {@code tag} is the
 * user's label for the run ({@code --tag}), or null.
 */
public record RunResult(
    String target,
    Workload workload,
    int outstanding,
    int keySize,
    int valueSize,
    int keyspace,
    double seconds,
    long ops,
    long errors,
    double opsPerSecond,
    double p50Ms,
    double p90Ms,
    double p99Ms,
    double p999Ms,
    double maxMs,
    String firstError,
    Map<Long, Long> rssKb,
    String tag) {

  static RunResult of(String target, LoadSettings s, double seconds, long ops, long errors, Histogram latencies,
      String firstError) {
    return new RunResult(target, s.workload(), s.outstanding(), s.keySize(), s.valueSize(), s.keyspace(), seconds,
        ops, errors, ops / seconds, ms(latencies, 50), ms(latencies, 90), ms(latencies, 99), ms(latencies, 99.9),
        latencies.getTotalCount() == 0 ? 0 : latencies.getMaxValue() / 1e6, firstError, Map.of(), null);
  }

  RunResult withRss(Map<Long, Long> rss) {
    return new RunResult(target, workload, outstanding, keySize, valueSize, keyspace, seconds, ops, errors,
        opsPerSecond, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, firstError, Map.copyOf(rss), tag);
  }

  RunResult withTag(String newTag) {
    return new RunResult(target, workload, outstanding, keySize, valueSize, keyspace, seconds, ops, errors,
        opsPerSecond, p50Ms, p90Ms, p99Ms, p999Ms, maxMs, firstError, rssKb, newTag);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** The fields of the JSON line, in a stable order, with rounded numbers. */
  Map<String, Object> toJsonFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("target", target);
    if (tag != null) {
      m.put("tag", tag);
    }
    m.put("workload", workload.label());
    m.put("outstanding", outstanding);
    m.put("key_size", keySize);
    m.put("value_size", valueSize);
    m.put("keyspace", keyspace);
    m.put("seconds", round(seconds, 3));
    m.put("ops", ops);
    m.put("errors", errors);
    m.put("ops_per_sec", round(opsPerSecond, 1));
    m.put("p50_ms", round(p50Ms, 3));
    m.put("p90_ms", round(p90Ms, 3));
    m.put("p99_ms", round(p99Ms, 3));
    m.put("p999_ms", round(p999Ms, 3));
    m.put("max_ms", round(maxMs, 3));
    if (firstError != null) {
      m.put("first_error", firstError);
    }
    if (!rssKb.isEmpty()) {
      Map<String, Long> rss = new LinkedHashMap<>();
      rssKb.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> rss.put(String.valueOf(e.getKey()), e.getValue()));
      m.put("rss_kb", rss);
    }
    return m;
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }
}
