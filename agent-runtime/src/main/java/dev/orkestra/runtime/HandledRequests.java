package dev.orkestra.runtime;

import java.time.Duration;

/** Whether a request was handled already: what {@link RequestProcessor} asks the action log. */
interface HandledRequests {

  /** As far as is known now, without waiting. */
  boolean containsNow(String key);

  /** After reading everything committed up to now; for redeliveries, whose first delivery may just have committed. */
  boolean containsAfterCatchUp(String key, Duration timeout)
      throws ActionLogView.UnavailableException, InterruptedException;
}
