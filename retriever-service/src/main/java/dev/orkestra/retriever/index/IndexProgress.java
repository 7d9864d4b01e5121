package dev.orkestra.retriever.index;

import java.time.Duration;

/**
 * Where an indexing run is: files read and chunked out of those that needed it (unchanged files are
 * reused and never counted here), and chunks embedded so far.
 */
public record IndexProgress(String repo, String commitSha, int filesDone, int filesTotal, int chunksEmbedded,
    Duration elapsed) {

  public double fraction() {
    return filesTotal == 0 ? 1.0 : (double) filesDone / filesTotal;
  }
}
