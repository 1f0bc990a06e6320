package io.ferrium.bench;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the load generator asks for. Every workload but {@link #PUT} reads keys preloaded before the run. */
public enum Workload {
  PUT("put", 0),
  GET_LINEARIZABLE("get-linearizable", 100),
  GET_SERIALIZABLE("get-serializable", 100),
  /** 90 % linearizable gets, 10 % puts. */
  MIXED("mixed", 90);

  private final String label;
  private final int getPercent;

  Workload(String label, int getPercent) {
    this.label = label;
    this.getPercent = getPercent;
  }

  public String label() {
    return label;
  }

  /** Percentage of operations that are gets. */
  int getPercent() {
    return getPercent;
  }

  boolean readsPreloadedKeys() {
    return getPercent > 0;
  }

  boolean linearizableReads() {
    return this != GET_SERIALIZABLE;
  }

  /** The workload with this label ({@code put}, {@code get-linearizable}, ...). */
  public static Workload of(String label) {
    return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + label + "'; one of: "
            + Arrays.stream(values()).map(Workload::label).collect(Collectors.joining(", "))));
  }

  @Override
  public String toString() {
    return label;
  }
}
