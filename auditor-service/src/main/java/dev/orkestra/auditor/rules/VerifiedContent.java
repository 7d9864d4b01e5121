package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ground truth of an audit: the excerpts that were read twice and matched. A place in the answer
 * (path, blob SHA, line range) is verified when one of them covers exactly that place; a whole-file
 * excerpt covers "no range" and lines 1 to its line count.
 */
final class VerifiedContent {

  private final List<VerifiedExcerpt> verified;

  VerifiedContent(List<VerifiedExcerpt> verified) {
    this.verified = verified == null ? List.of() : verified;
  }

  /** The excerpt at exactly this place, if any. */
  Optional<Excerpt> at(String path, String blobSha, Integer startLine, Integer endLine) {
    return verified.stream()
        .map(VerifiedExcerpt::getExcerpt)
        .filter(Objects::nonNull)
        .filter(e -> Objects.equals(e.getPath(), path) && Objects.equals(e.getBlobSha(), blobSha))
        .filter(e -> sameRange(e, startLine, endLine))
        .findFirst();
  }

  /** The whole-file excerpt of this file, if any. */
  Optional<Excerpt> wholeFile(String path, String blobSha) {
    return verified.stream()
        .map(VerifiedExcerpt::getExcerpt)
        .filter(Objects::nonNull)
        .filter(e -> Objects.equals(e.getPath(), path) && Objects.equals(e.getBlobSha(), blobSha))
        .filter(VerifiedContent::isWholeFile)
        .findFirst();
  }

  Set<String> candidateIds() {
    return verified.stream()
        .filter(v -> v.getCandidate() != null)
        .map(v -> v.getCandidate().getCandidateId())
        .collect(Collectors.toSet());
  }

  static boolean isWholeFile(Excerpt e) {
    return (e.getStartLine() == null && e.getEndLine() == null)
        || (Objects.equals(e.getStartLine(), 1) && Objects.equals(e.getEndLine(), e.getLineCount()));
  }

  private static boolean sameRange(Excerpt e, Integer startLine, Integer endLine) {
    if (e.getStartLine() != null && e.getEndLine() != null) {
      return Objects.equals(e.getStartLine(), startLine) && Objects.equals(e.getEndLine(), endLine);
    }
    boolean noRange = startLine == null && endLine == null;
    boolean allLines = Objects.equals(startLine, 1) && Objects.equals(endLine, e.getLineCount());
    return noRange || allLines;
  }
}
