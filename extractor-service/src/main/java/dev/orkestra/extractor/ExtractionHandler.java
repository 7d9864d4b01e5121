package dev.orkestra.extractor;

import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.ReadStatus;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.RoleHandler;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.TransientFailureException;
import dev.orkestra.runtime.source.FileBlob;
import dev.orkestra.runtime.source.LineRange;
import dev.orkestra.runtime.source.ReadStatuses;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceReader;
import dev.orkestra.runtime.source.Utf8Text;

/**
 * Reads one candidate verbatim at the resolved commit. What the answer must report (missing,
 * denied, out of range, not text, rate limited) is a result with that status and a reason; what
 * may pass (timeouts, 5xx) is retried by the runtime; a malformed request fails naming the field.
 * Line semantics are {@link LineRange}'s, which the verifier shares.
 */
public final class ExtractionHandler implements RoleHandler<ExtractionRequested, ExtractionCompleted> {

  private final SourceReader reader;

  /** @param reader this service's own reader (see {@code SourceReaders.create}) */
  public ExtractionHandler(SourceReader reader) {
    this.reader = reader;
  }

  @Override
  public ExtractionCompleted handle(RoleRequest<ExtractionRequested> request)
      throws InvalidRequestException, TransientFailureException {
    return extract(request.value(), request.replyEnvelope());
  }

  public ExtractionCompleted extract(ExtractionRequested request, Envelope envelope)
      throws InvalidRequestException, TransientFailureException {
    RepoRef repo = request.getRepo();
    Candidate candidate = request.getCandidate();
    RequestChecks.commitSha(repo);
    LineRange range = RequestChecks.range("candidate", candidate.getStartLine(), candidate.getEndLine());
    String path = candidate.getPath();
    ExtractionCompleted.Builder result = ExtractionCompleted.newBuilder()
        .setEnvelope(envelope)
        .setCandidateId(candidate.getCandidateId())
        .setReadVia(reader.via(repo));
    try {
      FileBlob blob = reader.read(repo, path);
      String text = Utf8Text.decode(path, blob.content());
      int lineCount = LineRange.lineCount(text);
      if (!range.fitsIn(lineCount)) {
        return result.setStatus(ReadStatus.OUT_OF_RANGE)
            .setFailureReason(outOfRange(range, path, lineCount))
            .build();
      }
      return result.setStatus(ReadStatus.OK)
          .setExcerpt(Excerpt.newBuilder()
              .setPath(path)
              .setStartLine(range.startLine())
              .setEndLine(range.endLine())
              .setText(range.slice(text))
              .setBlobSha(blob.blobSha())
              .setLineCount(lineCount)
              .setSizeBytes((long) blob.content().length)
              .setUrl(reader.url(repo, path, range.startLine(), range.endLine()))
              .build())
          .build();
    } catch (SourceException e) {
      if (e.kind() == SourceException.Kind.INVALID) {
        throw RequestChecks.invalid(e, "candidate");
      }
      if (ReadStatuses.isTransient(e.kind())) {
        throw new TransientFailureException(e.getMessage(), e);
      }
      return result.setStatus(ReadStatuses.of(e.kind())).setFailureReason(e.getMessage()).build();
    }
  }

  /** e.g. "lines 45-60 are outside 'backend/server.py', which has 30 lines". */
  static String outOfRange(LineRange range, String path, int lineCount) {
    return range.describe() + (range.startLine().equals(range.endLine()) ? " is" : " are") + " outside '" + path
        + "', which has " + lineCount + (lineCount == 1 ? " line" : " lines");
  }
}
