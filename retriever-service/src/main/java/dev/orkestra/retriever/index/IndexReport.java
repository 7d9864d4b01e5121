package dev.orkestra.retriever.index;

import java.time.Duration;

/**
 * What making a commit's index took.
 *
 * @param reused the commit was indexed before (in this process or an earlier one): nothing was read
 * @param filesInCommit indexable files at the commit
 * @param filesIndexed files read and chunked in this run (new or changed blob)
 * @param filesUnchanged files whose (path, blob) the index already held
 * @param filesSkipped files read but not indexed (binary, generated, unreadable)
 * @param filesDropped (path, blob) versions removed because no retained commit has them any more
 * @param chunksAdded chunks written in this run
 * @param chunksEmbedded chunks the model embedded in this run
 * @param embeddingsReused chunks whose embedding came from the index (same text embedded before)
 */
public record IndexReport(String repo, String commitSha, boolean reused, int filesInCommit, int filesIndexed,
    int filesUnchanged, int filesSkipped, int filesDropped, int chunksAdded, int chunksEmbedded,
    int embeddingsReused, Duration elapsed) {

  static IndexReport reused(String repo, String commitSha, int files) {
    return new IndexReport(repo, commitSha, true, files, 0, files, 0, 0, 0, 0, 0, Duration.ZERO);
  }
}
