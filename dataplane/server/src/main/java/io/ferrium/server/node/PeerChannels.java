package io.ferrium.server.node;

import io.ferrium.client.ChannelFactory;
import io.grpc.ManagedChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Channels from this node to other nodes' client APIs, opened once per address. */
public final class PeerChannels implements AutoCloseable {
  private final ChannelFactory factory;
  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

  public PeerChannels(ChannelFactory factory) {
    this.factory = factory;
  }

  public ManagedChannel get(String address) {
    return channels.computeIfAbsent(address, factory::open);
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdownNow);
    channels.clear();
  }
}
