package dev.orkestra.coordinator;

import dev.orkestra.runtime.ServiceHealth;
import dev.orkestra.runtime.ServiceHealth.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the coordinator's Streams client is going through, as its host needs to know it: fed by the
 * client's state listener and uncaught-exception handler, read as a {@link ServiceHealth}, and
 * telling failure listeners once when the client stops by itself (ERROR, or shutting down without
 * {@link #closing()} having been called) — including when the global thread dies, which Streams
 * never replaces.
 */
final class StreamsHealth {

  private static final Logger log = LoggerFactory.getLogger(StreamsHealth.class);

  private final String name;
  private final ThreadReplacementPolicy replacements;
  private final List<Consumer<Throwable>> listeners = new ArrayList<>();
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private volatile Throwable lastError;
  private volatile boolean closing;
  private Throwable failure;

  StreamsHealth(String name, ThreadReplacementPolicy replacements) {
    this.name = name;
    this.replacements = replacements;
  }

  /**
   * The uncaught-exception handler: replace a stream thread while the policy allows, else stop the
   * client. The global thread (its name ends {@code -GlobalStreamThread}) is never replaced.
   */
  StreamThreadExceptionResponse onUncaught(Throwable error, long now, String threadName) {
    lastError = error;
    if (threadName.endsWith("-GlobalStreamThread")) {
      log.error("{}: the global thread died; Streams never replaces it, so the client stops", name, error);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    StreamThreadExceptionResponse response = replacements.onDeath(now);
    if (response == StreamThreadExceptionResponse.REPLACE_THREAD) {
      log.error("{}: a stream thread died; replacing it ({} in the last {})", name, replacements.recent(now),
          replacements.window(), error);
    } else {
      log.error("{}: a stream thread died again after {} replacements in {}; stopping the client", name,
          replacements.recent(now), replacements.window(), error);
    }
    return response;
  }

  /**
   * Listeners hear of a failure when the client has stopped (ERROR, NOT_RUNNING), not when it starts
   * stopping: the dying thread's error reaches the handler between the two.
   */
  void onStateChange(KafkaStreams.State next) {
    state = next;
    if ((next == KafkaStreams.State.ERROR || next == KafkaStreams.State.NOT_RUNNING) && !closing) {
      fail(lastError != null ? lastError : new IllegalStateException(name + " Streams client reached " + next
          + " on its own; the thread that failed left no error here (see the log)"));
    }
  }

  /** The host is stopping the client: what follows is no failure. */
  void closing() {
    closing = true;
  }

  synchronized void onFailure(Consumer<Throwable> listener) {
    listeners.add(listener);
    if (failure != null) {
      listener.accept(failure);
    }
  }

  ServiceHealth health(long now) {
    if (closing) {
      return new ServiceHealth(name, Status.DOWN, "stopped");
    }
    return switch (state) {
      case RUNNING -> {
        int replaced = replacements.recent(now);
        yield replaced == 0 ? new ServiceHealth(name, Status.UP, "Streams RUNNING")
            : new ServiceHealth(name, Status.DEGRADED, "Streams RUNNING; " + replaced + " stream thread"
                + (replaced == 1 ? "" : "s") + " replaced in the last " + replacements.window() + ", last after "
                + describe(lastError));
      }
      case CREATED, REBALANCING -> new ServiceHealth(name, Status.DEGRADED, "Streams " + state);
      case PENDING_ERROR, ERROR, PENDING_SHUTDOWN, NOT_RUNNING -> new ServiceHealth(name, Status.DOWN,
          "Streams " + state + (lastError == null ? "" : " after " + describe(lastError)));
    };
  }

  KafkaStreams.State state() {
    return state;
  }

  Throwable lastError() {
    return lastError;
  }

  private void fail(Throwable cause) {
    List<Consumer<Throwable>> toCall;
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = cause;
      toCall = List.copyOf(listeners);
    }
    log.error("{} stopped working: Streams {}", name, state, cause);
    for (Consumer<Throwable> listener : toCall) {
      try {
        listener.accept(cause);
      } catch (RuntimeException e) {
        log.warn("{}: a failure listener failed", name, e);
      }
    }
  }

  private static String describe(Throwable error) {
    if (error == null) {
      return "no error recorded";
    }
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
