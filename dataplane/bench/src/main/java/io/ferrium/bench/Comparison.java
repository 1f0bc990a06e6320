package io.ferrium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Side by side: the JSON lines of two targets over the same workloads, possibly several rounds each
 * (told apart by their {@code tag}). Per workload and window: the median over rounds of ops/s and of
 * p99 for each target, the range over rounds, and the ratio {@code subject / baseline}. Then the
 * resident memory of each target's processes: per round, the largest value each member reached
 * after any run.
 */
final class Comparison {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Key(String workload, int outstanding) {
  }

  private final String subject;
  private final String baseline;
  /** (workload, outstanding) in first-seen order → target → the runs of that target. */
  private final Map<Key, Map<String, List<JsonNode>>> runs = new LinkedHashMap<>();
  /** target → tag → pid → largest RSS seen, in KiB. */
  private final Map<String, Map<String, Map<Long, Long>>> rss = new TreeMap<>();
  private long errors;

  Comparison(String subject, String baseline) {
    this.subject = subject;
    this.baseline = baseline;
  }

  void read(Path jsonLines) throws IOException {
    for (String line : Files.readAllLines(jsonLines)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode run = JSON.readTree(line);
      String target = run.path("target").asText();
      Key key = new Key(run.path("workload").asText(), run.path("outstanding").asInt());
      runs.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(target, t -> new ArrayList<>()).add(run);
      errors += run.path("errors").asLong();
      Map<Long, Long> round = rss.computeIfAbsent(target, t -> new TreeMap<>())
          .computeIfAbsent(run.path("tag").asText(""), t -> new TreeMap<>());
      for (Iterator<Map.Entry<String, JsonNode>> it = run.path("rss_kb").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        round.merge(Long.parseLong(e.getKey()), e.getValue().asLong(), Math::max);
      }
    }
  }

  void print(PrintStream out) {
    TextTable table = new TextTable("workload", "outst",
        baseline + " ops/s", subject + " ops/s", "ops/s " + subject + "/" + baseline,
        baseline + " p99 ms", subject + " p99 ms", "p99 " + subject + "/" + baseline, "rounds",
        "errors " + baseline + "/" + subject);
    for (Map.Entry<Key, Map<String, List<JsonNode>>> e : runs.entrySet()) {
      List<JsonNode> base = e.getValue().getOrDefault(baseline, List.of());
      List<JsonNode> subj = e.getValue().getOrDefault(subject, List.of());
      double baseOps = median(base, "ops_per_sec");
      double subjOps = median(subj, "ops_per_sec");
      // A run that completed nothing has no latency: leave it out of the latency columns.
      List<JsonNode> baseDone = completed(base);
      List<JsonNode> subjDone = completed(subj);
      double baseP99 = median(baseDone, "p99_ms");
      double subjP99 = median(subjDone, "p99_ms");
      table.add(e.getKey().workload(), e.getKey().outstanding(),
          withRange(base, "ops_per_sec", "%.0f"), withRange(subj, "ops_per_sec", "%.0f"), ratio(subjOps, baseOps),
          withRange(baseDone, "p99_ms", "%.2f"), withRange(subjDone, "p99_ms", "%.2f"), ratio(subjP99, baseP99),
          base.size() + "/" + subj.size(), sum(base, "errors") + "/" + sum(subj, "errors"));
    }
    table.print(out);
    out.println("(medians over rounds, [min-max] in brackets; ops/s ratio > 1 and p99 ratio < 1 favour " + subject
        + ")");
    out.println();
    for (Map.Entry<String, Map<String, Map<Long, Long>>> target : rss.entrySet()) {
      for (Map.Entry<String, Map<Long, Long>> round : target.getValue().entrySet()) {
        if (round.getValue().isEmpty()) {
          continue;
        }
        out.printf("RSS %-8s %-10s %s MiB per member (largest after any run)%n", target.getKey(), round.getKey(),
            round.getValue().values().stream().map(kb -> fmt("%.0f", kb / 1024.0)).collect(Collectors.joining(" / ")));
      }
    }
    double baseRss = medianRss(baseline);
    double subjRss = medianRss(subject);
    if (!Double.isNaN(baseRss) && !Double.isNaN(subjRss)) {
      out.printf("RSS median member: %s %s MiB, %s %s MiB, %s/%s %s%n", baseline, fmt("%.0f", baseRss / 1024),
          subject, fmt("%.0f", subjRss / 1024), subject, baseline, ratio(subjRss, baseRss));
    }
    if (errors > 0) {
      out.println();
      out.println("WARNING: " + errors + " requests failed across the runs; see the JSON lines (first_error).");
    }
  }

  /** The median over every member of every round of the largest RSS it reached, in KiB; NaN if none. */
  private double medianRss(String target) {
    List<Long> values = rss.getOrDefault(target, Map.of()).values().stream()
        .flatMap(round -> round.values().stream()).sorted().collect(Collectors.toList());
    if (values.isEmpty()) {
      return Double.NaN;
    }
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
  }

  long errors() {
    return errors;
  }

  private static List<JsonNode> completed(List<JsonNode> runs) {
    return runs.stream().filter(r -> r.path("ops").asLong() > 0).collect(Collectors.toList());
  }

  private static long sum(List<JsonNode> runs, String field) {
    return runs.stream().mapToLong(r -> r.path(field).asLong()).sum();
  }

  private static double median(List<JsonNode> runs, String field) {
    List<Double> values = runs.stream().map(r -> r.path(field).asDouble()).sorted().collect(Collectors.toList());
    if (values.isEmpty()) {
      return Double.NaN;
    }
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  private static String withRange(List<JsonNode> runs, String field, String format) {
    if (runs.isEmpty()) {
      return "-";
    }
    String median = fmt(format, median(runs, field));
    if (runs.size() == 1) {
      return median;
    }
    double min = runs.stream().mapToDouble(r -> r.path(field).asDouble()).min().orElse(0);
    double max = runs.stream().mapToDouble(r -> r.path(field).asDouble()).max().orElse(0);
    return median + " [" + fmt(format, min) + "-" + fmt(format, max) + "]";
  }

  private static String ratio(double subject, double baseline) {
    return Double.isNaN(subject) || Double.isNaN(baseline) || baseline == 0 ? "-" : fmt("%.2fx", subject / baseline);
  }

  private static String fmt(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
