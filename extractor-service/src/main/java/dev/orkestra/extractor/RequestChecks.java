package dev.orkestra.extractor;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.source.LineRange;
import dev.orkestra.runtime.source.SourceException;

/** Checks of request fields that no read can fix, failing with the field's name as the event has it. */
final class RequestChecks {

  private RequestChecks() {}

  /** Reads happen at the commit the retriever resolved, never at a moving ref. */
  static void commitSha(RepoRef repo) throws InvalidRequestException {
    String sha = repo.getCommitSha();
    if (sha == null || !sha.matches("[0-9a-f]{40}")) {
      throw new InvalidRequestException("repo.commitSha", "must be the resolved 40-character commit SHA, was "
          + (sha == null ? "nothing" : "'" + sha + "'"));
    }
  }

  static LineRange range(String record, Integer startLine, Integer endLine) throws InvalidRequestException {
    try {
      return LineRange.of(startLine, endLine);
    } catch (LineRange.InvalidRangeException e) {
      throw new InvalidRequestException(record + "." + e.field(), e.getMessage());
    }
  }

  /** A reader's INVALID (bad path, repository name, …) as the request field it came from. */
  static InvalidRequestException invalid(SourceException e, String record) {
    String field = switch (e.field() == null ? "" : e.field()) {
      case "path" -> record + ".path";
      case "commit" -> "repo.commitSha";
      case "ref" -> "repo.ref";
      case "repo" -> "repo";
      default -> e.field() == null ? "request" : e.field();
    };
    String prefix = "invalid " + e.field() + ": ";
    String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
    return new InvalidRequestException(field, reason);
  }
}
