package dev.orkestra.composer;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.Excerpt;
import dev.orkestra.events.query.Source;
import dev.orkestra.events.query.VerifiedExcerpt;

/** One {@link Source} per verified excerpt: where it lives, at which commit, and seed 001's citation detail. */
public final class SourceFactory {

  private SourceFactory() {}

  /** @param commit the resolved commit every stage read at */
  public static Source of(RepoRef repo, String commit, VerifiedExcerpt verified) {
    Excerpt excerpt = verified.getExcerpt();
    Candidate candidate = verified.getCandidate();
    ExcerptRange range = ExcerptRange.of(excerpt);
    boolean hasLines = !range.wholeFile() || excerpt.getLineCount() > 0;
    return Source.newBuilder()
        .setType(repo.getKind())
        .setUrl(urlOf(repo, commit, excerpt, range))
        // The ref as asked; without one the answer was read at the default branch's commit, so name that.
        .setRef(isBlank(repo.getRef()) ? commit : repo.getRef())
        .setCommit(commit)
        .setRepo(repo.getRepo())
        .setPath(excerpt.getPath())
        .setStartLine(hasLines ? range.startLine() : null)
        .setEndLine(hasLines ? range.endLine() : null)
        .setBlobSha(excerpt.getBlobSha())
        .setChunkId(candidate.getChunkId())
        .setRelevanceScore(candidate.getScore())
        .build();
  }

  /** The excerpt's own permalink when the extractor gave one, else one built for the commit. */
  public static String urlOf(RepoRef repo, String commit, Excerpt excerpt, ExcerptRange range) {
    if (!isBlank(excerpt.getUrl())) {
      return excerpt.getUrl();
    }
    return SourceUrls.permalink(repo.getKind(), repo.getRepo(), commit, excerpt.getPath(), range);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
