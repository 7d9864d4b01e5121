package dev.orkestra.e2e;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.runtime.Envelopes;
import java.nio.file.Path;
import java.util.UUID;

/** The seed's test requests, against a local repository. */
final class Questions {

  private final RepoRef repo;

  Questions(Path repository) {
    this.repo = new RepoRef(RepoKind.LOCAL, repository.toString(), "main", null);
  }

  QueryRequested getFile(String path) {
    return base(QueryRole.ADMIN, QueryAction.GET_FILE).setPath(path).build();
  }

  QueryRequested getLines(String path, int start, int end) {
    return base(QueryRole.ADMIN, QueryAction.GET_LINES).setPath(path).setStartLine(start).setEndLine(end).build();
  }

  QueryRequested find(String question) {
    return base(QueryRole.COACH, QueryAction.FIND).setQuestion(question).build();
  }

  QueryRequested explainWithCoaching(String question) {
    return base(QueryRole.COACH, QueryAction.EXPLAIN).setQuestion(question).setIncludeCoaching(true).build();
  }

  /** {@code request} under another query id (e.g. a marker on a chosen partition). */
  static QueryRequested withId(QueryRequested request, String queryId) {
    return QueryRequested.newBuilder(request).setEnvelope(Envelopes.start(queryId, "e2e")).build();
  }

  private QueryRequested.Builder base(QueryRole role, QueryAction action) {
    return QueryRequested.newBuilder()
        .setEnvelope(Envelopes.start("q-" + UUID.randomUUID(), "e2e"))
        .setRole(role)
        .setAction(action)
        .setRepo(RepoRef.newBuilder(repo).build());
  }
}
