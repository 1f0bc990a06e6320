package io.ferrium.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A run as one JSON line, and runs as a table for people. */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Report() {
  }

  static String jsonLine(RunResult r) {
    try {
      return JSON.writeValueAsString(r.toJsonFields());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a run as JSON", e);
    }
  }

  static void table(List<RunResult> results, PrintStream out) {
    TextTable table = new TextTable("target", "workload", "outst", "ops", "errors", "ops/s", "p50 ms", "p90 ms",
        "p99 ms", "p99.9 ms", "max ms", "RSS MiB");
    for (RunResult r : results) {
      table.add(r.target(), r.workload(), r.outstanding(), r.ops(), r.errors(), fmt("%.0f", r.opsPerSecond()),
          fmt("%.2f", r.p50Ms()), fmt("%.2f", r.p90Ms()), fmt("%.2f", r.p99Ms()), fmt("%.2f", r.p999Ms()),
          fmt("%.1f", r.maxMs()), rss(r.rssKb()));
    }
    table.print(out);
    for (RunResult r : results) {
      if (r.firstError() != null) {
        out.printf("%s %s (%d outstanding): %d errors, first: %s%n", r.target(), r.workload(), r.outstanding(),
            r.errors(), r.firstError());
      }
    }
  }

  private static String rss(Map<Long, Long> rssKb) {
    if (rssKb.isEmpty()) {
      return "-";
    }
    return rssKb.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> fmt("%.0f", e.getValue() / 1024.0)).collect(Collectors.joining("/"));
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
