package dev.orkestra.planner.context;

import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.ReadStatuses;
import dev.orkestra.runtime.source.SourceException;

/**
 * A repository read that failed, as the role runtime's failure: what the operator's rules refuse or
 * the request names wrongly is an invalid request naming the field, what may pass (a timeout, a
 * 5xx) is retried, and the rest (no such repository or commit, access denied, a rate limit with
 * its reset time) is permanent, with the reader's own message.
 */
public final class SourceFailures {

  private SourceFailures() {}

  /** @param field the request field that names the repository, e.g. {@code task.repo} */
  public static Exception of(SourceException e, String field) {
    if (e.kind() == SourceException.Kind.INVALID) {
      return new InvalidRequestException(field, e.reason());
    }
    if (ReadStatuses.isTransient(e.kind())) {
      return new TransientFailureException(e.getMessage(), e);
    }
    return new PermanentFailureException(e.kind().name().toLowerCase(java.util.Locale.ROOT), e.getMessage(), e);
  }
}
