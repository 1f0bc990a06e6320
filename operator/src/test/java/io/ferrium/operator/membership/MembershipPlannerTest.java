package io.ferrium.operator.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrium.api.v1.MemberRole;
import io.ferrium.operator.membership.MembershipPlan.Health;
import io.ferrium.operator.membership.MembershipStep.AddLearner;
import io.ferrium.operator.membership.MembershipStep.Init;
import io.ferrium.operator.membership.MembershipStep.None;
import io.ferrium.operator.membership.MembershipStep.Promote;
import io.ferrium.operator.membership.MembershipStep.Remove;
import io.ferrium.operator.membership.MembershipStep.Shrink;
import io.ferrium.operator.membership.MembershipStep.TransferLeadership;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MembershipPlannerTest {
  private static final String GROUP = "group-1";
  private final MembershipPlanner planner = new MembershipPlanner("c", 100);

  @Test
  void formsTheClusterOnceEveryInitialPodRunsUnjoined() {
    MembershipPlan plan = planner.plan(3, 3, new Observation(List.of(unjoined(0), unjoined(1), unjoined(2)),
        Optional.empty()), Optional.empty());
    assertThat(plan.step()).isEqualTo(new Init(List.of("c-0", "c-1", "c-2")));
    assertThat(plan.statefulSetReplicas()).isEqualTo(3);
  }

  @Test
  void waitsForPodsThatDoNotAnswerYetBeforeForming() {
    MembershipPlan plan = planner.plan(3, 0, new Observation(List.of(unjoined(0), down(1), down(2)),
        Optional.empty()), Optional.empty());
    assertThat(plan.step()).isEqualTo(new None());
    assertThat(plan.health()).isEqualTo(Health.PROGRESSING);
    assertThat(plan.reason()).contains("c-1", "c-2");
    assertThat(plan.statefulSetReplicas()).isEqualTo(3);
  }

  @Test
  void neverFormsASecondClusterOnceOneWasRecorded() {
    MembershipPlan plan = planner.plan(3, 3, new Observation(List.of(unjoined(0), unjoined(1), unjoined(2)),
        Optional.empty()), Optional.of(GROUP));
    assertThat(plan.step()).isEqualTo(new None());
    assertThat(plan.health()).isEqualTo(Health.DEGRADED);
  }

  @Test
  void addsAMissingPodAsALearnerThenPromotesItWhenCaughtUp() {
    Observation growing = new Observation(List.of(member(0), member(1), member(2), unjoined(3)),
        cluster("c-0", voter(0), voter(1), voter(2)));
    assertThat(planner.plan(4, 4, growing, Optional.of(GROUP)).step()).isEqualTo(new AddLearner("c-3"));

    Observation lagging = new Observation(List.of(member(0), member(1), member(2), member(3)),
        cluster("c-0", voter(0), voter(1), voter(2), learner(3, 5000)));
    MembershipPlan wait = planner.plan(4, 4, lagging, Optional.of(GROUP));
    assertThat(wait.step()).isEqualTo(new None());
    assertThat(wait.health()).isEqualTo(Health.PROGRESSING);
    assertThat(wait.reason()).contains("5000");

    Observation caughtUp = new Observation(List.of(member(0), member(1), member(2), member(3)),
        cluster("c-0", voter(0), voter(1), voter(2), learner(3, 10)));
    assertThat(planner.plan(4, 4, caughtUp, Optional.of(GROUP)).step()).isEqualTo(new Promote("c-3"));
  }

  @Test
  void movesLeadershipOffAVictimBeforeRemovingIt() {
    Observation observed = new Observation(pods(5), cluster("c-4", voter(0), voter(1), voter(2), voter(3), voter(4)));
    MembershipPlan plan = planner.plan(3, 5, observed, Optional.of(GROUP));
    assertThat(plan.step()).isInstanceOf(TransferLeadership.class);
    TransferLeadership transfer = (TransferLeadership) plan.step();
    assertThat(transfer.from()).isEqualTo("c-4");
    assertThat(transfer.to()).isIn("c-0", "c-1", "c-2");
    assertThat(plan.statefulSetReplicas()).isEqualTo(5);
  }

  @Test
  void removesVictimsOneAtATimeHighestOrdinalFirstAndKeepsTheirPodsUntilThen() {
    Observation observed = new Observation(pods(5), cluster("c-0", voter(0), voter(1), voter(2), voter(3), voter(4)));
    MembershipPlan plan = planner.plan(3, 5, observed, Optional.of(GROUP));
    assertThat(plan.step()).isInstanceOf(Remove.class);
    assertThat(((Remove) plan.step()).id()).isEqualTo("c-4");
    assertThat(plan.statefulSetReplicas()).isEqualTo(5);
  }

  @Test
  void removesLearnerVictimsBeforeVoters() {
    Observation observed = new Observation(pods(5), cluster("c-0", voter(0), voter(1), voter(2), voter(4), learner(3, 0)));
    assertThat(((Remove) planner.plan(3, 5, observed, Optional.of(GROUP)).step()).id()).isEqualTo("c-3");
  }

  @Test
  void shrinksTheStatefulSetOnlyAfterTheVictimsLeft() {
    Observation observed = new Observation(pods(5), cluster("c-0", voter(0), voter(1), voter(2)));
    MembershipPlan plan = planner.plan(3, 5, observed, Optional.of(GROUP));
    assertThat(plan.step()).isEqualTo(new Shrink(3));
    assertThat(plan.statefulSetReplicas()).isEqualTo(3);
  }

  @Test
  void doesNothingWhileAMemberDoesNotAnswer() {
    Observation observed = new Observation(List.of(member(0), member(1), down(2)),
        cluster("c-0", voter(0), voter(1), new MemberView("c-2", "", true, MemberRole.FOLLOWER, 0, false)));
    MembershipPlan plan = planner.plan(2, 3, observed, Optional.of(GROUP));
    assertThat(plan.step()).isEqualTo(new None());
    assertThat(plan.health()).isEqualTo(Health.DEGRADED);
    assertThat(plan.reason()).contains("c-2");
    assertThat(plan.statefulSetReplicas()).isEqualTo(3);
  }

  @Test
  void doesNothingWithoutALeader() {
    Observation observed = new Observation(pods(3), cluster("", voter(0), voter(1), voter(2)));
    MembershipPlan plan = planner.plan(3, 3, observed, Optional.of(GROUP));
    assertThat(plan.step()).isEqualTo(new None());
    assertThat(plan.health()).isEqualTo(Health.DEGRADED);
  }

  @Test
  void removesAMemberWhosePodLostItsDataSoItCanRejoin() {
    Observation observed = new Observation(List.of(member(0), member(1), unjoined(2)),
        cluster("c-0", voter(0), voter(1), voter(2)));
    MembershipPlan plan = planner.plan(3, 3, observed, Optional.of(GROUP));
    assertThat(plan.step()).isInstanceOf(Remove.class);
    assertThat(((Remove) plan.step()).id()).isEqualTo("c-2");
  }

  @Test
  void isSteadyWhenTheMembershipMatchesTheSpec() {
    MembershipPlan plan = planner.plan(3, 3, new Observation(pods(3), cluster("c-1", voter(0), voter(1), voter(2))),
        Optional.of(GROUP));
    assertThat(plan.step()).isEqualTo(new None());
    assertThat(plan.health()).isEqualTo(Health.STEADY);
  }

  @Test
  void refusesPodsOfAnotherRaftGroup() {
    List<PodView> pods = new ArrayList<>(pods(3));
    pods.set(2, new PodView("c-2", 2, true, true, "other-group", ""));
    MembershipPlan plan = planner.plan(3, 3, new Observation(pods, cluster("c-0", voter(0), voter(1))),
        Optional.of(GROUP));
    assertThat(plan.health()).isEqualTo(Health.DEGRADED);
    assertThat(plan.reason()).contains("c-2");
  }

  private static List<PodView> pods(int n) {
    List<PodView> pods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      pods.add(member(i));
    }
    return pods;
  }

  private static PodView member(int ordinal) {
    return new PodView("c-" + ordinal, ordinal, true, true, GROUP, "");
  }

  private static PodView unjoined(int ordinal) {
    return new PodView("c-" + ordinal, ordinal, true, false, "", "");
  }

  private static PodView down(int ordinal) {
    return PodView.unreachable("c-" + ordinal, ordinal, "UNAVAILABLE");
  }

  private static MemberView voter(int ordinal) {
    return new MemberView("c-" + ordinal, "c-" + ordinal + ":21002", true, MemberRole.FOLLOWER, 0, true);
  }

  private static MemberView learner(int ordinal, long lag) {
    return new MemberView("c-" + ordinal, "c-" + ordinal + ":21002", false, MemberRole.LEARNER, lag, true);
  }

  private static Optional<ClusterView> cluster(String leader, MemberView... members) {
    return Optional.of(new ClusterView(GROUP, leader, List.of(members)));
  }
}
