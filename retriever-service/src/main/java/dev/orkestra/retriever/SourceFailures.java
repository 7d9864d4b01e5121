package dev.orkestra.retriever;

import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.ReadStatuses;
import dev.orkestra.runtime.source.SourceException;
import java.util.Optional;

/**
 * What a source failure means for a retrieval. A missing or private repository, a rate limit and a
 * clone over its size cap are answers (a result with that status, which the coordinator turns into
 * {@code not_available} or an {@code error} naming the reset); a bad repository, ref or path — and
 * one the source policy does not allow — is an invalid request; anything else (I/O, timeouts) may
 * pass and is retried.
 */
public final class SourceFailures {

  private SourceFailures() {}

  /** The status to answer with, or empty when the failure must be thrown instead ({@link #toException}). */
  public static Optional<ReadStatus> status(SourceException e) {
    if (e.kind() == SourceException.Kind.INVALID || ReadStatuses.isTransient(e.kind())) {
      return Optional.empty();
    }
    return Optional.of(ReadStatuses.of(e.kind()));
  }

  /** INVALID → invalid request naming the field; everything else → transient (retried). */
  public static Exception toException(SourceException e) {
    if (e.kind() == SourceException.Kind.INVALID) {
      return new InvalidRequestException(e.field() != null ? e.field() : "repo", e.reason());
    }
    return new TransientFailureException(String.valueOf(e.getMessage()), e);
  }
}
