package dev.orkestra.verifier;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.events.query.VerificationRequested;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.LineRange;
import dev.orkestra.runtime.source.ReadStatuses;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceValidation;
import dev.orkestra.runtime.source.Utf8Text;

/**
 * Re-reads a claimed excerpt independently and compares exactly ({@link ExcerptComparison}).
 * Only {@code match=true} lets content into an answer; every other outcome says why — a read that
 * failed (missing file, denied, rate limited, not text) is {@code match=false} with that status.
 * Timeouts and other failures that may pass are retried by the runtime.
 */
public final class VerificationHandler implements RoleHandler<VerificationRequested, VerificationCompleted> {

  private final IndependentReader reader;

  public VerificationHandler(IndependentReader reader) {
    this.reader = reader;
  }

  @Override
  public VerificationCompleted handle(RoleRequest<VerificationRequested> request)
      throws InvalidRequestException, TransientFailureException {
    return verify(request.value(), request.replyEnvelope());
  }

  public VerificationCompleted verify(VerificationRequested request, Envelope envelope)
      throws InvalidRequestException, TransientFailureException {
    RepoRef repo = request.getRepo();
    Excerpt claimed = request.getClaimed();
    checkRequest(repo, claimed);
    VerificationCompleted.Builder result = VerificationCompleted.newBuilder()
        .setEnvelope(envelope)
        .setCandidateId(request.getCandidateId())
        .setReadVia(reader.via(repo));
    try {
      IndependentReader.Read read = reader.read(repo, claimed.getPath());
      String text = Utf8Text.decode(claimed.getPath(), read.blob().content());
      ExcerptComparison.Verdict verdict = ExcerptComparison.compare(claimed, read.blob().blobSha(), text);
      return result.setMatch(verdict.match())
          .setReadStatus(verdict.readStatus())
          .setReason(verdict.reason())
          .setConfirmedLines(verdict.confirmedLines())
          .setBlobSha(read.blob().blobSha())
          .setReadVia(read.via())
          .build();
    } catch (SourceException e) {
      if (e.kind() == SourceException.Kind.INVALID) {
        throw invalid(e);
      }
      if (ReadStatuses.isTransient(e.kind())) {
        throw new TransientFailureException(e.getMessage(), e);
      }
      boolean fileGone = e.kind() == SourceException.Kind.NOT_FOUND && "path".equals(e.field());
      return result.setMatch(false)
          .setReadStatus(ReadStatuses.of(e.kind()))
          .setReason(fileGone ? "file gone: " + e.getMessage() : e.getMessage())
          .build();
    }
  }

  /** A reader's INVALID as the request field it came from. */
  private static InvalidRequestException invalid(SourceException e) {
    String field = e.field() == null ? "request" : e.field();
    String requestField = switch (field) {
      case "path", "blobSha" -> "claimed." + field;
      case "commitSha" -> "repo.commitSha";
      default -> field;
    };
    return new InvalidRequestException(requestField, e.reason());
  }

  private static void checkRequest(RepoRef repo, Excerpt claimed) throws InvalidRequestException {
    try {
      SourceValidation.commitSha(repo.getCommitSha(), "repo.commitSha");
      SourceValidation.path(claimed.getPath());
      SourceValidation.blobSha(claimed.getBlobSha(), "claimed.blobSha");
    } catch (SourceException e) {
      throw new InvalidRequestException("path".equals(e.field()) ? "claimed.path" : e.field(), e.reason());
    }
    try {
      LineRange.of(claimed.getStartLine(), claimed.getEndLine());
    } catch (LineRange.InvalidRangeException e) {
      throw new InvalidRequestException("claimed." + e.field(), e.getMessage());
    }
  }
}
