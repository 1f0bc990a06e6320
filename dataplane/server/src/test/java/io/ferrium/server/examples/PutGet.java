package io.ferrium.server.examples;

import io.ferrium.client.FerriumClient;

/**
 * The README's "Try it" example: a put and a get through FerriumClient. Runs as a single source
 * file: {@code java -cp dataplane/server/target/ferrium-server.jar <this file> [host:port ...]}.
 */
public final class PutGet {
  private PutGet() {
  }

  public static void main(String[] args) {
    String[] endpoints = args.length > 0 ? args : new String[] {"127.0.0.1:21002"};
    try (FerriumClient client = FerriumClient.connect(endpoints)) {
      long revision = client.put("greeting", "hello, ferrium").getHeader().getRevision();
      System.out.println("put greeting at revision " + revision);
      System.out.println("get greeting -> " + client.get("greeting").orElse("(missing)"));
    }
  }
}
