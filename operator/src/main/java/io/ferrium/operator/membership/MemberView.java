package io.ferrium.operator.membership;

import io.ferrium.api.v1.MemberRole;

/** One member of the Raft configuration: the leader's report, and whether the operator reached it too. */
public record MemberView(String id, String apiAddress, boolean voter, MemberRole role, long lag, boolean reachable) {}
