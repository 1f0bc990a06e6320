package io.ferrium.server.raft;

/** The node is not a member of a cluster yet, so it cannot serve key-value requests. */
public final class NotJoinedException extends IllegalStateException {
  public NotJoinedException(String nodeId) {
    super("node " + nodeId + " is not a member of a cluster yet: form one with Init"
        + " or add this node to an existing cluster with AddMember");
  }
}
