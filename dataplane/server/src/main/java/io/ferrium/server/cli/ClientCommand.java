package io.ferrium.server.cli;

import io.ferrium.client.FerriumClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the cluster: a client from the shared options, output to picocli's streams. */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin
  ClientOptions options;
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (FerriumClient client = options.client()) {
      return run(client, options.output());
    }
  }

  abstract int run(FerriumClient client, Output out) throws Exception;
}
