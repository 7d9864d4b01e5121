package dev.orkestra.composer;

import static dev.orkestra.composer.Fixtures.AUTH_LINES;
import static dev.orkestra.composer.Fixtures.COMMIT;
import static dev.orkestra.composer.Fixtures.README;
import static dev.orkestra.composer.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.events.query.Source;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.InvalidRequestException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerComposerTest {

  private static final Instant NOW = Instant.parse("2025-06-01T08:00:00.987654Z");

  @Test
  void getFileReturnsTheVerbatimFileWithOneSource() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_FILE,
        List.of(Fixtures.wholeFile("c1", "README.md", README, 3))).setPath("README.md").build(), NOW);

    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(answer.getFetchedAt()).isEqualTo(Instant.parse("2025-01-01T12:00:00.123Z"));
    assertThat(answer.getData().getFile().getContent()).isEqualTo(README);
    assertThat(answer.getData().getFile().getPath()).isEqualTo("README.md");
    assertThat(answer.getData().getFile().getBlobSha()).isEqualTo("b10bc1");
    assertThat(answer.getData().getFile().getLineCount()).isEqualTo(3);
    assertThat(answer.getData().getFile().getSizeBytes()).isEqualTo(README.length());
    assertThat(answer.getData().getLines()).isNull();
    assertThat(answer.getData().getMatches()).isEmpty();
    assertThat(answer.getData().getCoaching()).isNull();
    Source source = answer.getSources().getFirst();
    assertThat(answer.getSources()).hasSize(1);
    assertThat(source.getType()).isEqualTo(RepoKind.GITHUB);
    assertThat(source.getUrl()).isEqualTo("https://github.com/MIHAchoppa/lvl-up-agency/blob/" + COMMIT + "/README.md");
    assertThat(source.getRef()).isEqualTo("main");
    assertThat(source.getCommit()).isEqualTo(COMMIT);
    assertThat(source.getRepo()).isEqualTo("MIHAchoppa/lvl-up-agency");
    assertThat(source.getStartLine()).isEqualTo(1);
    assertThat(source.getEndLine()).isEqualTo(3);
    assertThat(source.getBlobSha()).isEqualTo("b10bc1");
    assertThat(answer.getMessage()).isEqualTo("Verified file README.md at 0123456");
  }

  @Test
  void getLinesReturnsTheVerbatimRange() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_LINES,
        List.of(Fixtures.lines("c1", "backend/server.py", 45, 46, AUTH_LINES, 1.0)))
        .setPath("backend/server.py").setStartLine(45).setEndLine(46).build(), NOW);

    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(answer.getData().getLines().getLines()).isEqualTo(AUTH_LINES);
    assertThat(answer.getData().getLines().getStartLine()).isEqualTo(45);
    assertThat(answer.getData().getLines().getEndLine()).isEqualTo(46);
    assertThat(answer.getData().getLines().getBlobSha()).isEqualTo("b10bc1");
    assertThat(answer.getData().getFile()).isNull();
    assertThat(answer.getSources()).singleElement().satisfies(source -> {
      assertThat(source.getUrl()).endsWith("/blob/" + COMMIT + "/backend/server.py#L45-L46");
      assertThat(source.getStartLine()).isEqualTo(45);
      assertThat(source.getEndLine()).isEqualTo(46);
      assertThat(source.getChunkId()).isEqualTo("chunk-c1");
      assertThat(source.getRelevanceScore()).isEqualTo(1.0);
    });
    assertThat(answer.getMessage()).isEqualTo("Verified lines 45-46 of backend/server.py");
  }

  @Test
  void findReturnsEveryVerifiedMatchInOrderWithOneSourceEach() throws Exception {
    List<VerifiedExcerpt> verified = List.of(
        Fixtures.lines("c2", "backend/auth.py", 10, 11, AUTH_LINES, 0.91),
        Fixtures.lines("c1", "backend/server.py", 45, 46, "app = Flask(__name__)\napp.register(auth)", 0.42));
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND, verified)
        .setQuestion("Where is authentication implemented?").build(), NOW);

    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    assertThat(answer.getData().getMatches()).extracting(Match::getPath)
        .containsExactly("backend/auth.py", "backend/server.py");
    Match first = answer.getData().getMatches().getFirst();
    assertThat(first.getLines()).isEqualTo(AUTH_LINES);
    assertThat(first.getStartLine()).isEqualTo(10);
    assertThat(first.getEndLine()).isEqualTo(11);
    assertThat(first.getBlobSha()).isEqualTo("b10bc2");
    assertThat(first.getScore()).isEqualTo(0.91);
    assertThat(first.getCandidateId()).isEqualTo("c2");
    assertThat(first.getChunkId()).isEqualTo("chunk-c2");
    assertThat(first.getUrl()).endsWith("/backend/auth.py#L10-L11");
    assertThat(answer.getSources()).extracting(Source::getPath).containsExactly("backend/auth.py", "backend/server.py");
    assertThat(answer.getSources()).extracting(Source::getRelevanceScore).containsExactly(0.91, 0.42);
    assertThat(answer.getData().getCoaching()).isNull();
    assertThat(answer.getMessage()).isEqualTo("Found 2 verified matches for \"Where is authentication implemented?\"");
  }

  @Test
  void anExcerptsOwnUrlWinsOverTheBuiltOne() throws Exception {
    VerifiedExcerpt plain = Fixtures.lines("c1", "a.py", 1, 2, AUTH_LINES, 1.0);
    VerifiedExcerpt verified = VerifiedExcerpt.newBuilder(plain)
        .setExcerpt(Excerpt.newBuilder(plain.getExcerpt()).setUrl("https://example.test/a.py#L1-L2").build())
        .build();
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND, List.of(verified)).build(), NOW);

    assertThat(answer.getSources().getFirst().getUrl()).isEqualTo("https://example.test/a.py#L1-L2");
    assertThat(answer.getData().getMatches().getFirst().getUrl()).isEqualTo("https://example.test/a.py#L1-L2");
  }

  @Test
  void sourceRefIsTheCommitWhenNoRefWasAsked() throws Exception {
    RepoRef local = RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo("/srv/demo").setRef(null)
        .setCommitSha(COMMIT).build();
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND,
        List.of(Fixtures.lines("c1", "a.py", 1, 2, AUTH_LINES, 1.0))).setRepo(local).build(), NOW);

    assertThat(answer.getSources().getFirst().getRef()).isEqualTo(COMMIT);
    assertThat(answer.getSources().getFirst().getType()).isEqualTo(RepoKind.LOCAL);
    assertThat(answer.getSources().getFirst().getUrl()).isEqualTo("file:///srv/demo/a.py#L1-L2");
  }

  @Test
  void explainWithCoachingCarriesItLabelledAndCitingOnlyVerifiedCandidates() throws Exception {
    Coaching coaching = Coaching.newBuilder().setLabel("advice").setText("Suggestion: add OAuth in backend/auth.py:10-11")
        .setBasedOn(List.of("c1", "c-unverified"))
        .setModel(ModelRef.newBuilder().setModelId("m").setFamily("f").build()).build();
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.EXPLAIN,
        List.of(Fixtures.lines("c1", "backend/auth.py", 10, 11, AUTH_LINES, 1.0)))
        .setIncludeCoaching(true).setCoaching(coaching).build(), NOW);

    Coaching placed = answer.getData().getCoaching();
    assertThat(placed.getLabel()).isEqualTo("suggestion");
    assertThat(placed.getText()).isEqualTo("Suggestion: add OAuth in backend/auth.py:10-11");
    assertThat(placed.getBasedOn()).containsExactly("c1");
    assertThat(placed.getModel().getModelId()).isEqualTo("m");
  }

  @Test
  void coachingRequestedButAbsentSaysNotAvailableInsteadOfInventingText() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.EXPLAIN,
        List.of(Fixtures.lines("c1", "a.py", 1, 2, AUTH_LINES, 1.0))).setIncludeCoaching(true).build(), NOW);

    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.SUCCESS);
    Coaching placed = answer.getData().getCoaching();
    assertThat(placed.getLabel()).isEqualTo("suggestion");
    assertThat(placed.getText()).isEqualTo("NOT_AVAILABLE: coaching requires a configured model");
    assertThat(placed.getBasedOn()).isEmpty();
    assertThat(placed.getModel()).isNull();
  }

  @Test
  void coachingThatIsNotRequestedIsLeftOut() throws Exception {
    Coaching coaching = Coaching.newBuilder().setText("Suggestion: x").build();
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND,
        List.of(Fixtures.lines("c1", "a.py", 1, 2, AUTH_LINES, 1.0))).setCoaching(coaching).build(), NOW);

    assertThat(answer.getData().getCoaching()).isNull();
  }

  @Test
  void unavailableReasonBecomesANotAvailableAnswerWithEmptyDataAndNoSources() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_FILE,
        List.of(Fixtures.wholeFile("c1", "README.md", README, 3)))
        .setUnavailableReason("file not found at path 'nonexistent/file.js'").setIncludeCoaching(true).build(), NOW);

    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(answer.getMessage()).isEqualTo("NOT_AVAILABLE: file not found at path 'nonexistent/file.js'");
    assertThat(answer.getData()).isEqualTo(AnswerComposer.emptyData());
    assertThat(answer.getSources()).isEmpty();
  }

  @Test
  void noCandidatesMeansNoMatches() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND, List.of())
        .setIncludeCoaching(true).build(), NOW);

    assertThat(answer.getStatus()).isEqualTo(ResponseStatus.NOT_AVAILABLE);
    assertThat(answer.getMessage()).isEqualTo("NOT_AVAILABLE: No matches found for query");
    assertThat(answer.getData().getCoaching()).isNull();
    assertThat(answer.getSources()).isEmpty();
  }

  @Test
  void candidatesThatAllFailedVerificationSaySo() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND, List.of())
        .setCandidatesTotal(4).setCandidatesVerified(0).build(), NOW);

    assertThat(answer.getMessage()).isEqualTo("NOT_AVAILABLE: Data verification failed (0/4 candidates verified)");
  }

  @Test
  void fetchedAtDefaultsToNowAtMillisecondPrecision() throws Exception {
    Answer answer = AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND, List.of())
        .setFetchedAt(null).build(), NOW);

    assertThat(answer.getFetchedAt()).isEqualTo(Instant.parse("2025-06-01T08:00:00.987Z"));
  }

  @Test
  void anUnresolvedCommitIsAnInvalidRequestNamingTheField() {
    RepoRef unresolved = RepoRef.newBuilder(Fixtures.github("main")).setCommitSha(null).build();

    assertThatThrownBy(() -> AnswerComposer.compose(request(QueryRole.COACH, QueryAction.FIND,
        List.of(Fixtures.lines("c1", "a.py", 1, 2, AUTH_LINES, 1.0))).setRepo(unresolved).build(), NOW))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("invalid repo.commitSha: must be resolved before composition");
  }

  @Test
  void getFileRefusesAPartialExcerpt() {
    assertThatThrownBy(() -> AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_FILE,
        List.of(Fixtures.lines("c1", "README.md", 1, 2, "a\nb", 1.0))).setPath("README.md").build(), NOW))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("get_file needs a whole-file excerpt");
  }

  @Test
  void getLinesRefusesAnExcerptOfAnotherPath() {
    assertThatThrownBy(() -> AnswerComposer.compose(request(QueryRole.ADMIN, QueryAction.GET_LINES,
        List.of(Fixtures.lines("c1", "other.py", 1, 2, "a\nb", 1.0))).setPath("backend/server.py").build(), NOW))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("invalid verified: no verified excerpt for path 'backend/server.py'");
  }
}
