package dev.orkestra.coordinator.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueryValidatorTest {

  private static final String ID = "q-1";
  private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

  private final QueryValidator validator = new QueryValidator();

  static Stream<Arguments> validQueries() {
    return Stream.of(
        Arguments.of("get_file", edit(QueryAction.GET_FILE, q -> q.setPath("README.md"))),
        Arguments.of("get_lines", edit(QueryAction.GET_LINES, q -> q.setPath("backend/server.py").setStartLine(45)
            .setEndLine(60))),
        Arguments.of("one-line range", edit(QueryAction.GET_LINES,
            q -> q.setPath("a.py").setStartLine(7).setEndLine(7))),
        Arguments.of("find", edit(QueryAction.FIND, q -> q.setQuestion("Where is authentication implemented?"))),
        Arguments.of("explain scoped to a path", edit(QueryAction.EXPLAIN, q -> q.setQuestion("How?").setPath("src"))),
        Arguments.of("coach with coaching", edit(QueryAction.EXPLAIN, q -> q.setRole(QueryRole.COACH)
            .setQuestion("How can I add OAuth?").setIncludeCoaching(true))),
        Arguments.of("local repository path", edit(QueryAction.GET_FILE, q -> q.setPath("a.md")
            .setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo("/home/me/src/demo").build()))),
        Arguments.of("pinned commit", edit(QueryAction.GET_FILE,
            q -> q.setPath("a.md").setRepo(repo("main", "abc1234")))),
        Arguments.of("future deadline", edit(QueryAction.GET_FILE,
            q -> q.setPath("a.md").setDeadline(NOW.plusSeconds(1)))),
        Arguments.of("maxMatches above the cap (clamped, not rejected)", edit(QueryAction.FIND,
            q -> q.setQuestion("x").setMaxMatches(500))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validQueries")
  void acceptsWellFormedQueries(String name, QueryRequested query) {
    assertThat(validator.validate(ID, query, NOW)).isEmpty();
  }

  static Stream<Arguments> invalidQueries() {
    return Stream.of(
        Arguments.of(edit(QueryAction.GET_FILE, q -> q), "path", "is required for get_file and get_lines"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath(" ")), "path", "is empty"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("/etc/passwd")), "path",
            "must be relative to the repository root, was '/etc/passwd'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("src/../../secret")), "path",
            "must not contain '.', '..' or empty segments, was 'src/../../secret'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("./docs//a.md")), "path",
            "must not contain '.', '..' or empty segments, was './docs//a.md'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a\0b")), "path",
            "contains control characters or backslashes"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a/".repeat(600))), "path",
            "longer than 1024 characters"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a.md").setStartLine(3)), "startLine",
            "is only allowed for get_lines"),
        Arguments.of(edit(QueryAction.GET_LINES, q -> q.setPath("a.py").setEndLine(9)), "startLine",
            "is required for get_lines"),
        Arguments.of(edit(QueryAction.GET_LINES, q -> q.setPath("a.py").setStartLine(9)), "endLine",
            "is required for get_lines"),
        Arguments.of(edit(QueryAction.GET_LINES, q -> q.setPath("a.py").setStartLine(0).setEndLine(9)), "startLine",
            "must be at least 1"),
        Arguments.of(edit(QueryAction.GET_LINES, q -> q.setPath("a.py").setStartLine(9).setEndLine(8)), "endLine",
            "must not be before startLine"),
        Arguments.of(edit(QueryAction.GET_LINES, q -> q.setPath("a.py").setStartLine(1).setEndLine(2001)), "endLine",
            "a range may span at most 2000 lines"),
        Arguments.of(edit(QueryAction.FIND, q -> q), "question", "is required for find and explain"),
        Arguments.of(edit(QueryAction.EXPLAIN, q -> q.setQuestion("x".repeat(2001))), "question",
            "must be at most 2000 characters"),
        Arguments.of(edit(QueryAction.FIND, q -> q.setQuestion("x").setMaxMatches(0)), "maxMatches",
            "must be at least 1"),
        Arguments.of(edit(QueryAction.FIND, q -> q.setQuestion("x").setIncludeCoaching(true)), "includeCoaching",
            "coaching is only given to the coach role"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(RepoRef.newBuilder().setRepo(" ").build())),
            "repo.repo", "must not be blank"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(
            RepoRef.newBuilder().setRepo("x".repeat(301)).build())), "repo.repo", "must be at most 300 characters"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(
            RepoRef.newBuilder().setKind(RepoKind.GITHUB).setRepo("not a repo").build())), "repo.repo",
            "expected owner/name (letters, digits, '-', '.', '_'), was 'not a repo'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(repo("feature/x..y", null))), "repo.ref",
            "not a valid branch, tag or commit name: 'feature/x..y'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(repo("main branch", null))), "repo.ref",
            "not a valid branch, tag or commit name: 'main branch'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(repo("main\u0007", null))), "repo.ref",
            "not a valid branch, tag or commit name: 'main?'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(repo("HEAD~1", null))), "repo.ref",
            "not a valid branch, tag or commit name: 'HEAD~1'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(repo("main", "not-a-sha"))),
            "repo.commitSha", "must be 7-40 hexadecimal characters (a commit SHA), was 'not-a-sha'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(repo("main@{1}", null))), "repo.ref",
            "not a valid branch, tag or commit name: 'main@{1}'"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setRepo(RepoRef.newBuilder().setKind(RepoKind.LOCAL)
            .setRepo("https://user:s3cret@example.org/r.git").build())), "repo.repo",
            "credentials in repository URLs are refused (nothing may stand before the host's '@'); read private GitHub"
                + " repositories with GITHUB_TOKEN and orkestra.sources.github.token.repos, and clone others from a URL"
                + " without credentials"),
        Arguments.of(edit(QueryAction.GET_FILE, q -> q.setPath("a").setDeadline(NOW)), "deadline", "already passed"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("invalidQueries")
  void namesTheFieldAndWhatIsWrong(QueryRequested query, String field, String reason) {
    var violation = validator.validate(ID, query, NOW);

    assertThat(violation).hasValueSatisfying(v -> {
      assertThat(v.field()).isEqualTo(field);
      assertThat(v.reason()).isEqualTo(reason);
      assertThat(v.message()).isEqualTo("ERROR: invalid " + field + ": " + reason);
    });
  }

  @Test
  void theRecordKeyMustBeTheQueryId() {
    QueryRequested query = edit(QueryAction.GET_FILE, q -> q.setPath("a.md"));

    assertThat(validator.validate("another-id", query, NOW)).hasValueSatisfying(v ->
        assertThat(v.field()).isEqualTo("envelope.correlationId"));
    assertThat(validator.validate(null, query, NOW)).isEmpty();
  }

  private static QueryRequested edit(QueryAction action, UnaryOperator<QueryRequested.Builder> change) {
    return change.apply(Events.query(ID, QueryRole.ADMIN, action)).build();
  }

  private static RepoRef repo(String ref, String sha) {
    return RepoRef.newBuilder().setKind(RepoKind.GITHUB).setRepo("octo/demo").setRef(ref).setCommitSha(sha).build();
  }
}
