package dev.orkestra.retriever.index;

/**
 * Observes indexing runs (the CLI shows a progress bar with it; the service logs it). Called from
 * the indexing thread: implementations return quickly and never throw.
 */
public interface IndexProgressListener {

  IndexProgressListener NONE = new IndexProgressListener() {};

  default void started(IndexProgress progress) {}

  /** After each batch of files. */
  default void progressed(IndexProgress progress) {}

  default void finished(IndexReport report) {}

  /** Both listeners, this one first. */
  default IndexProgressListener andThen(IndexProgressListener other) {
    IndexProgressListener first = this;
    return new IndexProgressListener() {
      @Override
      public void started(IndexProgress progress) {
        first.started(progress);
        other.started(progress);
      }

      @Override
      public void progressed(IndexProgress progress) {
        first.progressed(progress);
        other.progressed(progress);
      }

      @Override
      public void finished(IndexReport report) {
        first.finished(report);
        other.finished(report);
      }
    };
  }
}
