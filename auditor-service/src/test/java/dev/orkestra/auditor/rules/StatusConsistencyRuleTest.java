package dev.orkestra.auditor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditFixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RuleViolation;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusConsistencyRuleTest {

  private final StatusConsistencyRule rule = new StatusConsistencyRule();

  @Test
  void consistentAnswersPass() {
    assertThat(rule.check(AuditFixtures.find().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.file().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.lines().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.notAvailable().build())).isEmpty();
  }

  @Test
  void successNeedsDataSourcesAndNoFailureMessage() {
    AuditRequested.Builder request = AuditFixtures.find();
    Answer answer = Answer.newBuilder(request.getAnswer()).setData(AuditFixtures.emptyData()).setSources(List.of())
        .setMessage("NOT_AVAILABLE: but marked success").build();

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("data", "sources", "message");
  }

  @Test
  void successCarriesThePartItsActionAsksFor() {
    AuditRequested request = AuditFixtures.find().setAction(QueryAction.GET_FILE).build();

    assertThat(rule.check(request)).singleElement().satisfies(v -> {
      assertThat(v.getField()).isEqualTo("data.file");
      assertThat(v.getMessage()).isEqualTo("a get_file answer must carry the file");
    });
  }

  @Test
  void notAvailableHasEmptyDataNoSourcesAndThePrefix() {
    AuditRequested.Builder request = AuditFixtures.find();
    Answer answer = Answer.newBuilder(request.getAnswer()).setStatus(ResponseStatus.NOT_AVAILABLE)
        .setMessage("nothing found").build();

    List<RuleViolation> violations = rule.check(request.setAnswer(answer).build());

    assertThat(violations).extracting(RuleViolation::getField).containsExactly("data", "sources", "message");
    assertThat(violations.get(2).getMessage())
        .isEqualTo("a not_available response's message must start with \"NOT_AVAILABLE: \"");
  }

  @Test
  void errorMessagesStartWithErrorPrefix() {
    AuditRequested.Builder request = AuditFixtures.notAvailable();
    Answer error = Answer.newBuilder(request.getAnswer()).setStatus(ResponseStatus.ERROR)
        .setMessage("ERROR: GitHub API rate limit exceeded. Resets at 2025-01-01T13:00:00").build();
    Answer unprefixed = Answer.newBuilder(error).setMessage("NOT_AVAILABLE: wrong prefix").build();

    assertThat(rule.check(AuditFixtures.withAnswer(request, error))).isEmpty();
    assertThat(rule.check(AuditFixtures.withAnswer(request, unprefixed))).singleElement()
        .extracting(RuleViolation::getMessage).isEqualTo("an error response's message must start with \"ERROR: \"");
  }
}
