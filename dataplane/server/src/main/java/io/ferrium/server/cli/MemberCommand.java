package io.ferrium.server.cli;

import io.ferrium.api.v1.AddMemberRequest;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.ManagementServiceGrpc.ManagementServiceFutureStub;
import io.ferrium.api.v1.Member;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.api.v1.PromoteMemberRequest;
import io.ferrium.api.v1.RemoveMemberRequest;
import io.ferrium.api.v1.TransferLeadershipRequest;
import io.ferrium.client.FerriumClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ferrium member list|add|promote|remove|transfer-leader}. */
@Command(name = "member", description = "List and change the cluster's members.", mixinStandardHelpOptions = true,
    subcommands = {MemberCommand.ListMembers.class, MemberCommand.Add.class, MemberCommand.Promote.class,
        MemberCommand.Remove.class, MemberCommand.TransferLeader.class})
final class MemberCommand {
  private MemberCommand() {
  }

  abstract static class Base extends ClientCommand {
    void printMembers(List<MemberStatus> members, Output out) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (MemberStatus m : members) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", m.getMember().getId());
        row.put("role", m.getRole().name().toLowerCase(java.util.Locale.ROOT));
        row.put("voter", m.getVoter());
        row.put("raft_address", m.getMember().getRaftAddress());
        row.put("api_address", m.getMember().getApiAddress());
        row.put("applied_index", m.getAppliedIndex());
        row.put("lag", m.getLag());
        row.put("reachable", m.getReachable());
        rows.add(row);
      }
      out.rows(Cli.out(spec), Map.of("members", rows), rows);
    }
  }

  @Command(name = "list", description = "Every member with role, indexes, lag and reachability.")
  static final class ListMembers extends Base {
    @Override
    int run(FerriumClient client, Output out) {
      GetClusterStatusResponse status = client.management(ManagementServiceFutureStub::getClusterStatus,
          GetClusterStatusRequest.getDefaultInstance());
      printMembers(status.getMembersList(), out);
      return ExitCodes.OK;
    }
  }

  @Command(name = "add", description = "Add a running, unjoined node as a learner.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--raft-address", required = true, paramLabel = "HOST:PORT") String raftAddress;
    @Option(names = "--api-address", required = true, paramLabel = "HOST:PORT") String apiAddress;
    @Option(names = "--http-address", paramLabel = "HOST:PORT") String httpAddress = "";

    @Override
    int run(FerriumClient client, Output out) {
      Member member = Member.newBuilder().setId(id).setRaftAddress(raftAddress).setApiAddress(apiAddress)
          .setHttpAddress(httpAddress).build();
      printMembers(client.management(ManagementServiceFutureStub::addMember,
          AddMemberRequest.newBuilder().setMember(member).build()).getMembersList(), out);
      return ExitCodes.OK;
    }
  }

  @Command(name = "promote", description = "Make a caught-up learner a voter.")
  static final class Promote extends Base {
    @Parameters(index = "0", paramLabel = "ID") String id;
    @Option(names = "--max-lag", description = "Entries the learner may still be behind (default 100).")
    long maxLag;

    @Override
    int run(FerriumClient client, Output out) {
      printMembers(client.management(ManagementServiceFutureStub::promoteMember,
          PromoteMemberRequest.newBuilder().setId(id).setMaxLag(maxLag).build()).getMembersList(), out);
      return ExitCodes.OK;
    }
  }

  @Command(name = "remove", description = "Remove a member (leadership moves away from it first).")
  static final class Remove extends Base {
    @Parameters(index = "0", paramLabel = "ID") String id;

    @Override
    int run(FerriumClient client, Output out) {
      printMembers(client.management(ManagementServiceFutureStub::removeMember,
          RemoveMemberRequest.newBuilder().setId(id).build()).getMembersList(), out);
      return ExitCodes.OK;
    }
  }

  @Command(name = "transfer-leader", description = "Move leadership to ID, or to the most up-to-date other voter.")
  static final class TransferLeader extends Base {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID") String id;

    @Override
    int run(FerriumClient client, Output out) {
      String leader = client.management(ManagementServiceFutureStub::transferLeadership,
          TransferLeadershipRequest.newBuilder().setTargetId(id == null ? "" : id).build()).getLeaderId();
      out.value(Cli.out(spec), out.json() ? Map.of("leader", leader) : "leader is now " + leader);
      return ExitCodes.OK;
    }
  }
}
