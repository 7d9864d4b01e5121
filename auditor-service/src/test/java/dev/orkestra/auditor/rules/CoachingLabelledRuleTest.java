package dev.orkestra.auditor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditFixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.RuleViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoachingLabelledRuleTest {

  private final CoachingLabelledRule rule = new CoachingLabelledRule();

  @Test
  void requestedLabelledCoachingPasses() {
    assertThat(rule.check(AuditFixtures.explainWithCoaching(AuditFixtures.suggestion()).build())).isEmpty();
  }

  @Test
  void theNotAvailableCoachingPasses() {
    Coaching unavailable = Coaching.newBuilder().setLabel("suggestion")
        .setText("NOT_AVAILABLE: coaching requires a configured model").build();

    assertThat(rule.check(AuditFixtures.explainWithCoaching(unavailable).build())).isEmpty();
  }

  @Test
  void coachingMustBeLabelledSuggestion() {
    Coaching unlabelled = Coaching.newBuilder(AuditFixtures.suggestion()).setLabel("answer").build();

    assertThat(rule.check(AuditFixtures.explainWithCoaching(unlabelled).build())).singleElement().satisfies(v -> {
      assertThat(v.getRule()).isEqualTo("coaching_labelled");
      assertThat(v.getField()).isEqualTo("data.coaching.label");
    });
  }

  @Test
  void unrequestedCoachingIsAViolation() {
    AuditRequested request = AuditFixtures.explainWithCoaching(AuditFixtures.suggestion())
        .setCoachingRequested(false).build();

    assertThat(rule.check(request)).extracting(RuleViolation::getMessage).containsExactly("coaching was not requested");
  }

  @Test
  void requestedCoachingMayNotSilentlyDisappear() {
    AuditRequested.Builder request = AuditFixtures.explainWithCoaching(null);

    assertThat(rule.check(request.build())).extracting(RuleViolation::getField).containsExactly("data.coaching");
    assertThat(rule.check(AuditFixtures.notAvailable().setCoachingRequested(true).build())).isEmpty();
  }

  @Test
  void blankCoachingTextIsAViolation() {
    Coaching blank = Coaching.newBuilder().setLabel("suggestion").setText(" ").setBasedOn(List.of()).build();
    AuditRequested.Builder request = AuditFixtures.explainWithCoaching(blank);
    Answer answer = Answer.newBuilder(request.getAnswer())
        .setData(QueryData.newBuilder(request.getAnswer().getData()).setCoaching(blank).build()).build();

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("data.coaching.text");
  }
}
