package io.ferrium.operator.membership;

import io.ferrium.api.v1.Member;
import io.ferrium.operator.membership.MembershipStep.AddLearner;
import io.ferrium.operator.membership.MembershipStep.Init;
import io.ferrium.operator.membership.MembershipStep.Promote;
import io.ferrium.operator.membership.MembershipStep.Remove;
import io.ferrium.operator.membership.MembershipStep.TransferLeadership;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out one membership step through the management API. Changes go to the leader (any
 * member would forward them); Init goes to the first initial member, which must be among them.
 */
public final class MembershipExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipExecutor.class);

  private final ManagementClient client;
  private final AddressStrategy addresses;
  private final long maxLag;

  public MembershipExecutor(ManagementClient client, AddressStrategy addresses, long maxLag) {
    this.client = client;
    this.addresses = addresses;
    this.maxLag = maxLag;
  }

  /** Runs the step; a failure is thrown as {@link io.grpc.StatusRuntimeException}. */
  public void execute(String cluster, String namespace, MembershipStep step, String leaderId) {
    if (step instanceof Init init) {
      List<Member> members = init.memberIds().stream().map(id -> addresses.member(cluster, namespace, id))
          .collect(Collectors.toList());
      client.init(members.get(0).getApiAddress(), members);
    } else if (step instanceof AddLearner add) {
      client.addMember(leader(cluster, namespace, leaderId), addresses.member(cluster, namespace, add.id()));
    } else if (step instanceof Promote promote) {
      client.promote(leader(cluster, namespace, leaderId), promote.id(), maxLag);
    } else if (step instanceof TransferLeadership transfer) {
      client.transferLeadership(leader(cluster, namespace, leaderId), transfer.to());
    } else if (step instanceof Remove remove) {
      client.remove(leader(cluster, namespace, leaderId), remove.id());
    } else {
      return; // Shrink is applied to the StatefulSet; None does nothing
    }
    LOG.info("Cluster {}/{}: did {}", namespace, cluster, step.describe());
  }

  private String leader(String cluster, String namespace, String leaderId) {
    return addresses.address(cluster, namespace, leaderId).api();
  }
}
