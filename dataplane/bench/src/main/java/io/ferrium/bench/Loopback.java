package io.ferrium.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The load generator sends traffic only to this machine: every endpoint must be an IPv4 address in
 * 127.0.0.0/8 (or {@code localhost}, taken as 127.0.0.1). Anything else is refused before a single
 * request is sent.
 */
final class Loopback {
  private Loopback() {
  }

  /** The endpoints as {@code 127.x.y.z:port}; throws naming the first endpoint that is not loopback. */
  static List<String> check(List<String> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no endpoint given");
    }
    List<String> checked = new ArrayList<>();
    for (String endpoint : endpoints) {
      checked.add(checkOne(endpoint.trim()));
    }
    return checked;
  }

  private static String checkOne(String endpoint) {
    String hostPort = endpoint.replaceFirst("^[a-z]+://", "");
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("endpoint '" + endpoint + "' is not host:port");
    }
    String host = hostPort.substring(0, colon);
    int port = parsePort(endpoint, hostPort.substring(colon + 1));
    if (host.equals("localhost")) {
      host = "127.0.0.1";
    }
    if (!isLoopbackV4(host)) {
      throw new IllegalArgumentException("refusing endpoint '" + endpoint + "': the benchmark sends load only to"
          + " loopback addresses (127.0.0.0/8 or localhost) on this machine");
    }
    return host + ":" + port;
  }

  private static int parsePort(String endpoint, String text) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("endpoint '" + endpoint + "' has no valid port");
  }

  /** A dotted-quad literal whose first octet is 127; host names other than localhost are not resolved. */
  static boolean isLoopbackV4(String host) {
    String[] octets = host.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String octet : octets) {
      if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)
          || Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return octets[0].equals("127");
  }
}
