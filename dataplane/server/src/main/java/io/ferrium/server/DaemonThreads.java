package io.ferrium.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Thread factories of the node's own pools: daemon threads named {@code NAME-1}, {@code NAME-2}, ... */
public final class DaemonThreads {
  private DaemonThreads() {
  }

  public static ThreadFactory named(String name) {
    AtomicLong count = new AtomicLong();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
