package dev.orkestra.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationParserTest {

  @Test
  void parsesShortAndIsoForms() {
    assertThat(DurationParser.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationParser.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationParser.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationParser.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationParser.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationParser.parse("pt5s")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsNumbersWithoutUnit() {
    assertThatThrownBy(() -> DurationParser.parse("30")).hasMessageContaining("'30'");
  }
}
