package io.ferrium.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.util.JsonFormat;
import io.ferrium.api.v1.GetClusterStatusRequest;
import io.ferrium.api.v1.GetClusterStatusResponse;
import io.ferrium.api.v1.ManagementServiceGrpc.ManagementServiceFutureStub;
import io.ferrium.api.v1.MemberStatus;
import io.ferrium.client.FerriumClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ferrium status}: the cluster as the first reachable endpoint sees it. */
@Command(name = "status", description = "Show the cluster: leader, term, indexes and every member.",
    mixinStandardHelpOptions = true)
final class StatusCommand extends ClientCommand {
  @Override
  int run(FerriumClient client, Output out) throws Exception {
    GetClusterStatusResponse status = client.management(ManagementServiceFutureStub::getClusterStatus,
        GetClusterStatusRequest.getDefaultInstance());
    if (out.json()) {
      out.value(Cli.out(spec), new ObjectMapper().readTree(
          JsonFormat.printer().preservingProtoFieldNames().print(status)));
      return ExitCodes.OK;
    }
    Cli.out(spec).printf("cluster %s  leader %s  term %d  commit %d  (answered by %s, %s)%n",
        status.getClusterId().isEmpty() ? "-" : status.getClusterId(),
        status.getLeaderId().isEmpty() ? "none" : status.getLeaderId(), status.getTerm(), status.getCommitIndex(),
        status.getNodeId(), status.getState().name().toLowerCase(Locale.ROOT));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (MemberStatus m : status.getMembersList()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", m.getMember().getId());
      row.put("role", m.getRole().name().toLowerCase(Locale.ROOT));
      row.put("api_address", m.getMember().getApiAddress());
      row.put("applied_index", m.getAppliedIndex());
      row.put("lag", m.getLag());
      row.put("reachable", m.getReachable());
      rows.add(row);
    }
    out.rows(Cli.out(spec), null, rows);
    return ExitCodes.OK;
  }
}
