package dev.orkestra.retriever;

import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.SourceException;
import java.util.Optional;

/**
 * What a source failure means for a retrieval. A missing or private repository and a rate limit are
 * answers (a result with that status, which the coordinator turns into {@code not_available} or an
 * {@code error} naming the reset); a bad repository, ref or path is an invalid request; anything else
 * (I/O, timeouts) may pass and is retried.
 */
public final class SourceFailures {

  private SourceFailures() {}

  /** The status to answer with, or empty when the failure must be thrown instead ({@link #toException}). */
  public static Optional<ReadStatus> status(SourceException e) {
    return switch (e.kind()) {
      case NOT_FOUND -> Optional.of(ReadStatus.NOT_FOUND);
      case ACCESS_DENIED -> Optional.of(ReadStatus.ACCESS_DENIED);
      case RATE_LIMITED -> Optional.of(ReadStatus.RATE_LIMITED);
      default -> Optional.empty();
    };
  }

  /** INVALID → invalid request naming the field; everything else → transient (retried). */
  public static Exception toException(SourceException e) {
    if (e.kind() == SourceException.Kind.INVALID) {
      String field = e.field() != null ? e.field() : "repo";
      String prefix = "invalid " + field + ": ";
      String message = String.valueOf(e.getMessage());
      return new InvalidRequestException(field, message.startsWith(prefix) ? message.substring(prefix.length())
          : message);
    }
    return new TransientFailureException(String.valueOf(e.getMessage()), e);
  }
}
