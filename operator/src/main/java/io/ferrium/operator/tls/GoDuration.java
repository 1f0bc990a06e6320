package io.ferrium.operator.tls;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go duration strings as cert-manager reads them ({@code 2160h}, {@code 1h30m}, {@code 90s}): one or
 * more decimal numbers each with a unit of h, m, s, ms, us or ns. Checked here so that a typo is
 * reported on the FerriumCluster rather than found later in cert-manager's logs.
 */
public final class GoDuration {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+(\\.[0-9]+)?(h|m|s|ms|us|µs|ns))+");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(h|ms|m|s|us|µs|ns)");

  private GoDuration() {}

  /** The duration, or empty if {@code text} is not a positive Go duration. */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Matcher part = PART.matcher(text);
    double nanos = 0;
    while (part.find()) {
      nanos += Double.parseDouble(part.group(1)) * nanosPer(part.group(2));
    }
    return nanos <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos((long) nanos));
  }

  private static double nanosPer(String unit) {
    switch (unit) {
      case "h":
        return 3600e9;
      case "m":
        return 60e9;
      case "s":
        return 1e9;
      case "ms":
        return 1e6;
      case "us":
      case "µs":
        return 1e3;
      default:
        return 1;
    }
  }
}
