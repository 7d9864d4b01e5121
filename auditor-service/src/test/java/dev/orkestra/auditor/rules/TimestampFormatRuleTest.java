package dev.orkestra.auditor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditFixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampFormatRuleTest {

  private static final Instant NOW = Instant.parse("2025-01-01T12:05:00Z");
  private final TimestampFormatRule rule = new TimestampFormatRule(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aPastTimestampWithMillisecondsRendersInTheSeedFormat() {
    assertThat(TimestampFormatRule.render(AuditFixtures.FETCHED_AT)).isEqualTo("2025-01-01T12:00:00Z");
    assertThat(rule.check(AuditFixtures.find().build())).isEmpty();
  }

  @Test
  void smallClockSkewIsAllowed() {
    assertThat(rule.check(at(NOW.plusSeconds(90)))).isEmpty();
  }

  @Test
  void theFutureIsNot() {
    assertThat(rule.check(at(NOW.plusSeconds(600)))).singleElement().satisfies(v -> {
      assertThat(v.getRule()).isEqualTo("timestamp_format");
      assertThat(v.getField()).isEqualTo("fetchedAt");
      assertThat(v.getMessage()).isEqualTo("is in the future (2025-01-01T12:15:00Z)");
    });
  }

  @Test
  void yearsBeyondFourDigitsDoNotRenderInTheSeedFormat() {
    assertThat(rule.check(at(Instant.parse("+10000-01-01T00:00:00Z")))).extracting(RuleViolation::getMessage)
        .first().asString().startsWith("does not render as YYYY-MM-DDTHH:MM:SSZ");
  }

  private static AuditRequested at(Instant fetchedAt) {
    AuditRequested.Builder request = AuditFixtures.find();
    return request.setAnswer(Answer.newBuilder(request.getAnswer()).setFetchedAt(fetchedAt).build()).build();
  }
}
