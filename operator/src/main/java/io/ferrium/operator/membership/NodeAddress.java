package io.ferrium.operator.membership;

/** Where one pod's node listens, as the operator and the other nodes reach it. */
public record NodeAddress(String host, int grpcPort, int raftPort, int httpPort) {
  public String api() {
    return host + ":" + grpcPort;
  }

  public String raft() {
    return host + ":" + raftPort;
  }

  public String http() {
    return host + ":" + httpPort;
  }
}
