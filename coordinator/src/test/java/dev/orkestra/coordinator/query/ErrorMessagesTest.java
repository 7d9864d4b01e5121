package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.coordinator.query.state.QueryStage;
import dev.orkestra.events.query.RuleViolation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorMessagesTest {

  @Test
  void roleFailuresFollowTheSeedsRetrieverText() {
    assertThat(ErrorMessages.retrieverFailed("index unavailable"))
        .isEqualTo("ERROR: Retriever failed - index unavailable");
    assertThat(ErrorMessages.roleFailed("auditor", "timeout")).isEqualTo("ERROR: Auditor failed - timeout");
  }

  @Test
  void timeoutsNameTheStageAndItsBudget() {
    CandidateTally tally = CandidateTally.of(List.of(Events.candidate("c1", "a", 1, 1, 1),
        Events.candidate("c2", "b", 1, 1, 1)));
    tally.record(CandidateTallyTest.verified(Events.candidate("c1", "a", 1, 1, 1), java.time.Instant.EPOCH));

    assertThat(ErrorMessages.stageTimedOut(QueryStage.VERIFICATION, Duration.ofSeconds(30), tally))
        .isEqualTo("ERROR: verification stage did not answer within 30s (1/2 candidates verified)");
    assertThat(ErrorMessages.stageTimedOut(QueryStage.COMPOSITION, Duration.ofMillis(1500), tally))
        .isEqualTo("ERROR: composition stage did not answer within 1.5s");
    assertThat(ErrorMessages.stageTimedOut(QueryStage.SYNTHESIS, Duration.ofSeconds(60), tally))
        .isEqualTo("ERROR: synthesis stage did not answer within 1m");
    assertThat(ErrorMessages.stageTimedOut(QueryStage.AUDIT, Duration.ofMillis(250), tally))
        .isEqualTo("ERROR: audit stage did not answer within 250ms");
  }

  @Test
  void auditFailureNamesTheFirstRule() {
    List<RuleViolation> violations = List.of(new RuleViolation("unlabelled_coaching", "coaching is not labelled", null),
        new RuleViolation("missing_sources", "no sources", null));

    assertThat(ErrorMessages.auditFailed(violations))
        .isEqualTo("ERROR: audit failed: unlabelled_coaching: coaching is not labelled");
    assertThat(ErrorMessages.auditFailed(List.of())).startsWith("ERROR: audit failed: ");
  }

  @Test
  void prefixesOnlyOnce() {
    assertThat(ErrorMessages.of("ERROR: x")).isEqualTo("ERROR: x");
    assertThat(ErrorMessages.of("x")).isEqualTo("ERROR: x");
    assertThat(UnavailableReasons.of("NOT_AVAILABLE: y")).isEqualTo("NOT_AVAILABLE: y");
  }
}
