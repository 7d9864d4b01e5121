package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnswerCacheKeyTest {

  private static final RepoRef AT_COMMIT = RepoRef.newBuilder().setKind(RepoKind.GITHUB).setRepo("octo/demo")
      .setRef("main").setCommitSha("aaaaaaa").build();

  @Test
  void spellingsOfOneQuestionShareAKeyAcrossQueries() {
    AnswerCacheKey one = AnswerCacheKey.of(find("q-1", "Where is  Authentication\timplemented? "), AT_COMMIT);
    AnswerCacheKey two = AnswerCacheKey.of(find("q-2", "where is authentication implemented?"), AT_COMMIT);

    assertThat(one).isEqualTo(two);
    assertThat(one.value()).hasSize(64).matches("[0-9a-f]+");
  }

  @Test
  void defaultAndExplicitDefaultMaxMatchesShareAKey() {
    QueryRequested implicit = find("q-1", "x");
    QueryRequested explicit = QueryRequested.newBuilder(implicit).setMaxMatches(MatchLimits.DEFAULT_MATCHES).build();

    assertThat(AnswerCacheKey.of(implicit, AT_COMMIT)).isEqualTo(AnswerCacheKey.of(explicit, AT_COMMIT));
  }

  static Stream<Arguments> differences() {
    QueryRequested base = find("q-1", "where is auth");
    return Stream.of(
        Arguments.of("another commit", base, RepoRef.newBuilder(AT_COMMIT).setCommitSha("bbbbbbb").build()),
        Arguments.of("another repository", base, RepoRef.newBuilder(AT_COMMIT).setRepo("octo/other").build()),
        Arguments.of("another repository kind", base, RepoRef.newBuilder(AT_COMMIT).setKind(RepoKind.LOCAL).build()),
        Arguments.of("another ref name", base, RepoRef.newBuilder(AT_COMMIT).setRef("release").build()),
        Arguments.of("another question", edit(base, q -> q.setQuestion("where is login")), AT_COMMIT),
        Arguments.of("another action", edit(base, q -> q.setAction(QueryAction.EXPLAIN)), AT_COMMIT),
        Arguments.of("another role", edit(base, q -> q.setRole(QueryRole.ADMIN)), AT_COMMIT),
        Arguments.of("coaching", edit(base, q -> q.setIncludeCoaching(true)), AT_COMMIT),
        Arguments.of("more matches", edit(base, q -> q.setMaxMatches(9)), AT_COMMIT),
        Arguments.of("a path scope", edit(base, q -> q.setPath("src")), AT_COMMIT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differences")
  void anythingTheAnswerDependsOnChangesTheKey(String name, QueryRequested other, RepoRef repo) {
    assertThat(AnswerCacheKey.of(other, repo)).isNotEqualTo(AnswerCacheKey.of(find("q-1", "where is auth"), AT_COMMIT));
  }

  @Test
  void aValueCannotImitateTheSeparatorBetweenParts() {
    QueryRequested lines = Events.query("q-1", QueryRole.ADMIN, QueryAction.GET_LINES).setPath("a;1:b")
        .setStartLine(1).setEndLine(2).build();
    QueryRequested shifted = Events.query("q-1", QueryRole.ADMIN, QueryAction.GET_LINES).setPath("a")
        .setStartLine(1).setEndLine(2).build();

    assertThat(AnswerCacheKey.of(lines, AT_COMMIT)).isNotEqualTo(AnswerCacheKey.of(shifted, AT_COMMIT));
  }

  private static QueryRequested find(String queryId, String question) {
    return Events.query(queryId, QueryRole.COACH, QueryAction.FIND).setQuestion(question).build();
  }

  private static QueryRequested edit(QueryRequested query, UnaryOperator<QueryRequested.Builder> change) {
    return change.apply(QueryRequested.newBuilder(query)).build();
  }
}
