package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.VerifiedDigest;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.runtime.VerifiedDigests;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ground truth of an audit: the excerpts that were read twice and matched, by digest
 * ({@code verifiedDigests}, what coordinators send now) or with their text ({@code verified}, what
 * older coordinators sent). A place in the answer (path, blob SHA, line range) is verified when one
 * of them covers exactly that place; a whole-file excerpt covers "no range" and lines 1 to its line
 * count.
 */
final class VerifiedContent {

  /**
   * One verified place.
   *
   * @param sameText whether a quoted text is the verified one (compared directly, or by SHA-256)
   */
  record Verified(String candidateId, String path, Integer startLine, Integer endLine, String blobSha, int lineCount,
      Predicate<String> sameText) {

    boolean isWholeFile() {
      return (startLine == null && endLine == null) || (Objects.equals(startLine, 1) && Objects.equals(endLine, lineCount));
    }

    private boolean covers(Integer start, Integer end) {
      if (startLine != null && endLine != null) {
        return Objects.equals(startLine, start) && Objects.equals(endLine, end);
      }
      boolean noRange = start == null && end == null;
      boolean allLines = Objects.equals(start, 1) && Objects.equals(end, lineCount);
      return noRange || allLines;
    }
  }

  private final List<Verified> verified;

  VerifiedContent(AuditRequested request) {
    List<Verified> all = new ArrayList<>();
    for (VerifiedDigest digest : orEmpty(request.getVerifiedDigests())) {
      all.add(new Verified(digest.getCandidateId(), digest.getPath(), digest.getStartLine(), digest.getEndLine(),
          digest.getBlobSha(), digest.getLineCount(), text -> VerifiedDigests.matches(digest, text)));
    }
    for (VerifiedExcerpt legacy : orEmpty(request.getVerified())) {
      Excerpt e = legacy.getExcerpt();
      if (e != null) {
        all.add(new Verified(legacy.getCandidate() == null ? null : legacy.getCandidate().getCandidateId(),
            e.getPath(), e.getStartLine(), e.getEndLine(), e.getBlobSha(), e.getLineCount(),
            text -> Objects.equals(text, e.getText())));
      }
    }
    this.verified = List.copyOf(all);
  }

  /** The verified place at exactly this place, if any. */
  Optional<Verified> at(String path, String blobSha, Integer startLine, Integer endLine) {
    return of(path, blobSha).filter(v -> v.covers(startLine, endLine)).findFirst();
  }

  /** The whole-file verified place of this file, if any. */
  Optional<Verified> wholeFile(String path, String blobSha) {
    return of(path, blobSha).filter(Verified::isWholeFile).findFirst();
  }

  Set<String> candidateIds() {
    return verified.stream().map(Verified::candidateId).filter(Objects::nonNull).collect(Collectors.toSet());
  }

  private Stream<Verified> of(String path, String blobSha) {
    return verified.stream().filter(v -> Objects.equals(v.path(), path) && Objects.equals(v.blobSha(), blobSha));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
