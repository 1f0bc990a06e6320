package io.ferrium.server.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Prints results as a readable table or as JSON. */
final class Output {
  enum Format { table, json }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private final Format format;

  Output(Format format) {
    this.format = format;
  }

  boolean json() {
    return format == Format.json;
  }

  /** Prints rows (all with the same keys) as a table, or the whole value as JSON. */
  void rows(PrintWriter out, Object jsonValue, List<Map<String, Object>> rows) {
    if (json()) {
      value(out, jsonValue);
      return;
    }
    if (rows.isEmpty()) {
      out.println("(none)");
      return;
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = columns.get(c).length();
      for (Map<String, Object> row : rows) {
        widths[c] = Math.max(widths[c], text(row.get(columns.get(c))).length());
      }
    }
    StringBuilder header = new StringBuilder();
    for (int c = 0; c < columns.size(); c++) {
      header.append(pad(columns.get(c).toUpperCase(java.util.Locale.ROOT), widths[c], c == columns.size() - 1));
    }
    out.println(header.toString().stripTrailing());
    for (Map<String, Object> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns.size(); c++) {
        line.append(pad(text(row.get(columns.get(c))), widths[c], c == columns.size() - 1));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** Prints one value: JSON, or its plain text for tables. */
  void value(PrintWriter out, Object value) {
    if (json()) {
      try {
        out.println(JSON.writeValueAsString(value));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    } else {
      out.println(text(value));
    }
    out.flush();
  }

  private static String pad(String s, int width, boolean last) {
    return last ? s : s + " ".repeat(width - s.length() + 2);
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
