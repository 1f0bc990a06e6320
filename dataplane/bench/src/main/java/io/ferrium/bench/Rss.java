package io.ferrium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** Resident set size of processes, from {@code /proc/PID/status} (Linux). */
final class Rss {
  private Rss() {
  }

  /** VmRSS of each pid in KiB; a pid that is gone (or not Linux) is left out. */
  static Map<Long, Long> of(List<Long> pids) {
    Map<Long, Long> rss = new LinkedHashMap<>();
    for (long pid : pids) {
      kib(pid).ifPresent(kb -> rss.put(pid, kb));
    }
    return rss;
  }

  static OptionalLong kib(long pid) {
    try {
      return parse(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The {@code VmRSS:   123456 kB} line of a status file. */
  static OptionalLong parse(List<String> statusLines) {
    for (String line : statusLines) {
      if (line.startsWith("VmRSS:")) {
        String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]));
      }
    }
    return OptionalLong.empty();
  }
}
