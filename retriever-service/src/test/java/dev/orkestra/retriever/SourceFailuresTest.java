package dev.orkestra.retriever;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceException.Kind;
import org.junit.jupiter.api.Test;

class SourceFailuresTest {

  @Test
  void missingPrivateAndRateLimitedRepositoriesAreAnswers() {
    assertThat(SourceFailures.status(new SourceException(Kind.NOT_FOUND, "no such repo")))
        .contains(ReadStatus.NOT_FOUND);
    assertThat(SourceFailures.status(new SourceException(Kind.ACCESS_DENIED, "private")))
        .contains(ReadStatus.ACCESS_DENIED);
    assertThat(SourceFailures.status(new SourceException(Kind.RATE_LIMITED, "later")))
        .contains(ReadStatus.RATE_LIMITED);
  }

  @Test
  void anInvalidRefIsAnInvalidRequestNamingTheField() {
    SourceException invalid = SourceException.invalid("ref", "not a valid branch, tag or commit name: '..'");

    assertThat(SourceFailures.status(invalid)).isEmpty();
    assertThat(SourceFailures.toException(invalid)).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
      assertThat(e.field()).isEqualTo("ref");
      assertThat(e.getMessage()).isEqualTo("invalid ref: not a valid branch, tag or commit name: '..'");
    });
  }

  @Test
  void failuresThatMayPassAreRetried() {
    for (Kind kind : new Kind[] {Kind.FAILED, Kind.TIMEOUT}) {
      SourceException e = new SourceException(kind, "connection reset");
      assertThat(SourceFailures.status(e)).isEmpty();
      assertThat(SourceFailures.toException(e)).isInstanceOf(TransientFailureException.class)
          .hasMessage("connection reset").hasCause(e);
    }
  }
}
