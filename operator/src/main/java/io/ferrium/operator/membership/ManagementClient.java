package io.ferrium.operator.membership;

import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.Member;
import java.util.List;

/**
 * The operator's side of a node's ManagementService, addressed by {@code host:port}. Failures are
 * thrown as {@link io.grpc.StatusRuntimeException}.
 */
public interface ManagementClient extends AutoCloseable {
  GetClusterStatusResponse status(String apiAddress, boolean localOnly);

  void init(String apiAddress, List<Member> members);

  void addMember(String apiAddress, Member member);

  void promote(String apiAddress, String id, long maxLag);

  void remove(String apiAddress, String id);

  String transferLeadership(String apiAddress, String targetId);

  @Override
  void close();
}
