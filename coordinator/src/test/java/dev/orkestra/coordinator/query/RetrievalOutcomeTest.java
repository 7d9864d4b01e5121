package dev.orkestra.coordinator.query;

import static dev.orkestra.coordinator.query.Events.candidate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.RetrievalCompleted;
import dev.orkestra.events.query.RetrievalRequested;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RetrievalOutcomeTest {

  private final QueryRequested getFile = Events.getFile("q-1", "docs/a.md");
  private final QueryRequested find = Events.find("q-2", "where");

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(ReadStatus.NOT_FOUND, "file not found at path 'x'", ResponseStatus.NOT_AVAILABLE,
            "NOT_AVAILABLE: file not found at path 'x'"),
        Arguments.of(ReadStatus.ACCESS_DENIED, "access denied or requires authentication", ResponseStatus.NOT_AVAILABLE,
            "NOT_AVAILABLE: access denied or requires authentication"),
        Arguments.of(ReadStatus.NOT_TEXT, "binary file", ResponseStatus.NOT_AVAILABLE, "NOT_AVAILABLE: binary file"),
        Arguments.of(ReadStatus.OUT_OF_RANGE, "file has 12 lines", ResponseStatus.NOT_AVAILABLE,
            "NOT_AVAILABLE: file has 12 lines"),
        Arguments.of(ReadStatus.RATE_LIMITED, "rate limit exceeded", ResponseStatus.ERROR,
            "ERROR: rate limit exceeded"),
        Arguments.of(ReadStatus.FAILED, "git fetch failed", ResponseStatus.ERROR, "ERROR: git fetch failed"),
        Arguments.of(ReadStatus.FAILED, "ERROR: already prefixed", ResponseStatus.ERROR, "ERROR: already prefixed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("statuses")
  void mapsReadStatusToTheResponse(ReadStatus status, String reason, ResponseStatus expected, String message) {
    RetrievalOutcome outcome = RetrievalOutcome.of(failed(status, reason), getFile);

    assertThat(outcome).isEqualTo(new RetrievalOutcome.Respond(expected, message));
  }

  @Test
  void withoutAReasonNotFoundNamesTheRequestedPath() {
    assertThat(RetrievalOutcome.of(failed(ReadStatus.NOT_FOUND, null), getFile))
        .isEqualTo(new RetrievalOutcome.Respond(ResponseStatus.NOT_AVAILABLE,
            "NOT_AVAILABLE: file not found at path 'docs/a.md'"));
  }

  @Test
  void noCandidatesIsNoMatches() {
    assertThat(RetrievalOutcome.of(ok(List.of()), find))
        .isEqualTo(new RetrievalOutcome.Respond(ResponseStatus.NOT_AVAILABLE,
            "NOT_AVAILABLE: No matches found for query"));
  }

  @Test
  void proceedsAtTheResolvedCommitWithIdsScopedToTheQuery() {
    RetrievalCompleted result = ok(List.of(candidate("c1", "a.py", 1, 2, 0.9), candidate("q-2-c2", "b.py", 3, 4, 0.5)));

    RetrievalOutcome.Proceed proceed = (RetrievalOutcome.Proceed) RetrievalOutcome.of(result, find);

    assertThat(proceed.repo()).isEqualTo(result.getRepo());
    assertThat(proceed.candidates()).extracting(Candidate::getCandidateId).containsExactly("q-2-c1", "q-2-c2");
    assertThat(proceed.candidates()).extracting(Candidate::getPath).containsExactly("a.py", "b.py");
  }

  @Test
  void keepsAtMostTheRequestedNumberOfCandidatesBestFirst() {
    List<Candidate> many = IntStream.range(0, 30).mapToObj(i -> candidate("c" + i, "f" + i, 1, 1, 1.0 - i / 100.0))
        .toList();
    QueryRequested three = QueryRequested.newBuilder(find).setMaxMatches(3).build();

    var proceed = (RetrievalOutcome.Proceed) RetrievalOutcome.of(ok(many), three);
    var capped = (RetrievalOutcome.Proceed) RetrievalOutcome.of(ok(many), QueryRequested.newBuilder(find)
        .setMaxMatches(100).build());
    var single = (RetrievalOutcome.Proceed) RetrievalOutcome.of(ok(many), getFile);

    assertThat(proceed.candidates()).extracting(Candidate::getPath).containsExactly("f0", "f1", "f2");
    assertThat(capped.candidates()).hasSize(MatchLimits.MAX_MATCHES);
    assertThat(single.candidates()).hasSize(1);
  }

  @Test
  void withoutAResolvedCommitUsesThePinnedOneOrFails() {
    RetrievalCompleted unresolved = RetrievalCompleted.newBuilder(ok(List.of(candidate("c1", "a", 1, 1, 1))))
        .setRepo(find.getRepo()).build();
    QueryRequested pinned = QueryRequested.newBuilder(find)
        .setRepo(RepoRef.newBuilder(find.getRepo()).setCommitSha("abcdef1").build()).build();

    assertThat(((RetrievalOutcome.Proceed) RetrievalOutcome.of(unresolved, pinned)).repo().getCommitSha())
        .isEqualTo("abcdef1");
    assertThat(RetrievalOutcome.of(unresolved, find)).isEqualTo(new RetrievalOutcome.Respond(ResponseStatus.ERROR,
        "ERROR: Retriever failed - no commit resolved for the ref"));
  }

  private RetrievalCompleted ok(List<Candidate> candidates) {
    return Events.retrieved(request(), candidates);
  }

  private RetrievalCompleted failed(ReadStatus status, String reason) {
    return Events.retrievalFailed(request(), status, reason);
  }

  private RetrievalRequested request() {
    return new Requests("coordinator@test").retrieval(find, null);
  }
}
