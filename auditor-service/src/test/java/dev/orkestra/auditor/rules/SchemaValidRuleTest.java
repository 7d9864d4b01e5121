package dev.orkestra.auditor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditFixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaValidRuleTest {

  private final SchemaValidRule rule = new SchemaValidRule();

  @Test
  void composedAnswersPass() {
    assertThat(rule.check(AuditFixtures.find().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.notAvailable().build())).isEmpty();
  }

  @Test
  void everyOutputSchemaFieldMustBePresent() {
    // The all-arguments constructor and put() skip the builder's null checks, as a careless producer could.
    Answer missing = new Answer(null, AuditFixtures.FETCHED_AT, null, null, null);
    missing.put("fetchedAt", null);

    List<RuleViolation> violations = rule.check(AuditFixtures.find().setAnswer(missing).build());

    assertThat(violations).extracting(RuleViolation::getField)
        .containsExactly("status", "fetchedAt", "data", "sources", "message");
    assertThat(violations).allSatisfy(v -> assertThat(v.getRule()).isEqualTo("schema_valid"));
  }

  @Test
  void sourcesNeedUrlRefAndPath() {
    AuditRequested.Builder request = AuditFixtures.find();
    Source blank = Source.newBuilder(request.getAnswer().getSources().getFirst()).setUrl("").setRef(" ").build();
    Answer answer = Answer.newBuilder(request.getAnswer()).setSources(List.of(blank)).build();

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("sources[0].url", "sources[0].ref");
  }
}
