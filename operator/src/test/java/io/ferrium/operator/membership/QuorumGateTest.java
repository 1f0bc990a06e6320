package io.ferrium.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.api.v1.MemberRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumGateTest {
  @Test
  void removingAVoterNeedsALiveMajorityBeforeAndAfter() {
    ClusterView allUp = view(up("a"), up("b"), up("c"));
    assertThat(QuorumGate.canRemove(allUp, "c")).isTrue();

    ClusterView oneDown = view(up("a"), up("b"), down("c"));
    assertThat(QuorumGate.canRemove(oneDown, "c")).isTrue(); // {a, b} both live
    assertThat(QuorumGate.canRemove(oneDown, "b")).isFalse(); // {a, c} has one live of two

    ClusterView twoDown = view(up("a"), down("b"), down("c"));
    assertThat(QuorumGate.canRemove(twoDown, "c")).isFalse(); // no quorum now
  }

  @Test
  void neverRemovesTheLastVoterButAlwaysALearner() {
    assertThat(QuorumGate.canRemove(view(up("a")), "a")).isFalse();
    ClusterView withLearner = view(up("a"), new MemberView("l", "", false, MemberRole.LEARNER, 0, false));
    assertThat(QuorumGate.canRemove(withLearner, "l")).isTrue();
    assertThat(QuorumGate.canRemove(withLearner, "nobody")).isFalse();
  }

  @Test
  void catchUpNeedsAnAnswerAndASmallLag() {
    assertThat(CatchUpGate.caughtUp(new MemberView("l", "", false, MemberRole.LEARNER, 100, true), 100)).isTrue();
    assertThat(CatchUpGate.caughtUp(new MemberView("l", "", false, MemberRole.LEARNER, 101, true), 100)).isFalse();
    assertThat(CatchUpGate.caughtUp(new MemberView("l", "", false, MemberRole.LEARNER, 0, false), 100)).isFalse();
  }

  private static MemberView up(String id) {
    return new MemberView(id, "", true, MemberRole.FOLLOWER, 0, true);
  }

  private static MemberView down(String id) {
    return new MemberView(id, "", true, MemberRole.FOLLOWER, 0, false);
  }

  private static ClusterView view(MemberView... members) {
    return new ClusterView("g", "a", List.of(members));
  }
}
