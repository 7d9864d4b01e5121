package dev.orkestra.extractor;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.source.LineRange;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;

/** Checks of request fields that no read can fix, failing with the field's name as the event has it. */
final class RequestChecks {

  private RequestChecks() {}

  /** Reads happen at the commit the retriever resolved, never at a moving ref. */
  static void commitSha(RepoRef repo) throws InvalidRequestException {
    try {
      SourceValidation.commitSha(repo.getCommitSha(), "repo.commitSha");
    } catch (SourceException e) {
      throw new InvalidRequestException(e.field(), e.reason());
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
      case "commitSha" -> "repo.commitSha";
      case "ref" -> "repo.ref";
      case "repo" -> "repo";
      default -> e.field() == null ? "request" : e.field();
    };
    return new InvalidRequestException(field, e.reason());
  }
}
