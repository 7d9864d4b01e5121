package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks a QueryRequested before anything is spent on it. The first broken rule becomes an error
 * response naming the field ({@code ERROR: invalid startLine: is required for get_lines}).
 *
 * <p>Paths and refs end up in git commands, API URLs and file-system lookups of role services.
 * Their shape is checked by {@link SourceValidation}, the rules the CLI and every reader apply, so
 * a request the coordinator accepts is never refused later by the retriever for its syntax.
 */
public final class QueryValidator {

  public static final int MAX_QUERY_ID = 200;
  public static final int MAX_REPO = 300;
  public static final int MAX_QUESTION = 2000;
  public static final int MAX_LINE_SPAN = 2000;

  /** A broken rule: the field (as named in the contract) and what is wrong with it. */
  public record Violation(String field, String reason) {
    /** The response message: {@code ERROR: invalid <field>: <reason>}. */
    public String message() {
      return ErrorMessages.invalid(field, reason);
    }
  }

  /** The first broken rule of {@code query} read under record key {@code key} at {@code now}, if any. */
  public Optional<Violation> validate(String key, QueryRequested query, Instant now) {
    return Optional.ofNullable(firstViolation(key, query, now));
  }

  private Violation firstViolation(String key, QueryRequested query, Instant now) {
    String queryId = query.getEnvelope().getCorrelationId();
    if (queryId == null || queryId.isBlank() || queryId.length() > MAX_QUERY_ID || hasControl(queryId)) {
      return new Violation("envelope.correlationId",
          "must be a queryId of 1-" + MAX_QUERY_ID + " printable characters");
    }
    if (key != null && !key.equals(queryId)) {
      return new Violation("envelope.correlationId", "must equal the record key (the queryId)");
    }
    Violation repo = repo(query.getRepo());
    if (repo != null) {
      return repo;
    }
    Violation target = switch (query.getAction()) {
      case GET_FILE -> firstOf(path(query.getPath(), true), noRange(query));
      case GET_LINES -> firstOf(path(query.getPath(), true), range(query));
      case FIND, EXPLAIN -> firstOf(path(query.getPath(), false), noRange(query), question(query.getQuestion(), true));
    };
    if (target != null) {
      return target;
    }
    if (query.getAction() != QueryAction.FIND && query.getAction() != QueryAction.EXPLAIN) {
      Violation question = question(query.getQuestion(), false);
      if (question != null) {
        return question;
      }
    }
    if (query.getMaxMatches() != null && query.getMaxMatches() < 1) {
      return new Violation("maxMatches", "must be at least 1");
    }
    if (query.getIncludeCoaching() && query.getRole() != QueryRole.COACH) {
      return new Violation("includeCoaching", "coaching is only given to the coach role");
    }
    if (query.getDeadline() != null && !query.getDeadline().isAfter(now)) {
      return new Violation("deadline", "already passed");
    }
    return null;
  }

  private static Violation repo(RepoRef repo) {
    String name = repo.getRepo();
    if (name == null || name.isBlank()) {
      return new Violation("repo.repo", "must not be blank");
    }
    if (name.length() > MAX_REPO) {
      return new Violation("repo.repo", "must be at most " + MAX_REPO + " characters");
    }
    Violation syntax = source("repo.repo", () -> {
      if (repo.getKind() == RepoKind.GITHUB) {
        SourceValidation.githubRepo(name);
      } else {
        SourceValidation.localRepo(name);
      }
    });
    if (syntax != null) {
      return syntax;
    }
    Violation ref = source("repo.ref", () -> SourceValidation.ref(repo.getRef()));
    if (ref != null) {
      return ref;
    }
    return source("repo.commitSha", () -> SourceValidation.pinnedCommit(repo.getCommitSha(), "commitSha"));
  }

  private static Violation path(String path, boolean required) {
    if (path == null) {
      return required ? new Violation("path", "is required for get_file and get_lines") : null;
    }
    return source("path", () -> SourceValidation.path(path));
  }

  private static Violation range(QueryRequested query) {
    Integer start = query.getStartLine();
    Integer end = query.getEndLine();
    if (start == null) {
      return new Violation("startLine", "is required for get_lines");
    }
    if (end == null) {
      return new Violation("endLine", "is required for get_lines");
    }
    if (start < 1) {
      return new Violation("startLine", "must be at least 1");
    }
    if (end < start) {
      return new Violation("endLine", "must not be before startLine");
    }
    if ((long) end - start + 1 > MAX_LINE_SPAN) {
      return new Violation("endLine", "a range may span at most " + MAX_LINE_SPAN + " lines");
    }
    return null;
  }

  private static Violation noRange(QueryRequested query) {
    if (query.getStartLine() != null) {
      return new Violation("startLine", "is only allowed for get_lines");
    }
    if (query.getEndLine() != null) {
      return new Violation("endLine", "is only allowed for get_lines");
    }
    return null;
  }

  private static Violation question(String question, boolean required) {
    if (question == null || question.isBlank()) {
      return required ? new Violation("question", "is required for find and explain") : null;
    }
    if (question.length() > MAX_QUESTION) {
      return new Violation("question", "must be at most " + MAX_QUESTION + " characters");
    }
    if (question.indexOf('\0') >= 0) {
      return new Violation("question", "must not contain NUL");
    }
    return null;
  }

  /** A check shared with the CLI and the readers: the same inputs are refused with the same words. */
  private static Violation source(String field, SourceCheck check) {
    try {
      check.run();
      return null;
    } catch (SourceException e) {
      return new Violation(field, e.reason());
    }
  }

  @FunctionalInterface
  private interface SourceCheck {
    void run() throws SourceException;
  }

  private static Violation firstOf(Violation... violations) {
    for (Violation violation : violations) {
      if (violation != null) {
        return violation;
      }
    }
    return null;
  }

  private static boolean hasControl(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }
}
