package dev.orkestra.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.rules.AuditRule;
import dev.orkestra.auditor.rules.SchemaValidRule;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditorTest {

  private final Auditor auditor = Auditor.standard(Clock.systemUTC());

  @Test
  void theStandardGuardrailsAreTheSeeds() {
    assertThat(auditor.rules()).extracting(AuditRule::name).containsExactly("schema_valid", "status_consistency",
        "sources_verified", "no_credentials", "timestamp_format", "coaching_labelled");
  }

  @Test
  void correctAnswersPassEveryRule() {
    assertThat(auditor.audit(AuditFixtures.find().build())).isEmpty();
    assertThat(auditor.audit(AuditFixtures.file().build())).isEmpty();
    assertThat(auditor.audit(AuditFixtures.lines().build())).isEmpty();
    assertThat(auditor.audit(AuditFixtures.notAvailable().build())).isEmpty();
    assertThat(auditor.audit(AuditFixtures.explainWithCoaching(AuditFixtures.suggestion()).build())).isEmpty();
  }

  @Test
  void aRuleThatCannotCheckFailsClosed() {
    AuditRule broken = new AuditRule() {
      @Override
      public String name() {
        return "broken";
      }

      @Override
      public List<RuleViolation> check(AuditRequested request) {
        throw new IllegalStateException("bug");
      }
    };
    Auditor withBroken = new Auditor(List.of(new SchemaValidRule(), broken));

    assertThat(withBroken.audit(AuditFixtures.find().build())).singleElement().satisfies(v -> {
      assertThat(v.getRule()).isEqualTo("broken");
      assertThat(v.getMessage()).isEqualTo("the rule could not check this answer (IllegalStateException)");
    });
  }
}
