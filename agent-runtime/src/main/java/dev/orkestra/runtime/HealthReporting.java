package dev.orkestra.runtime;

import java.util.function.Consumer;

/**
 * A running service (the handle a {@link ServiceProvider} returns) that says how it is doing and
 * tells its host when it stops working by itself, so the host ({@code orkestra up}) can exit
 * non-zero and {@code doctor} can show why, instead of running on with the service silently dead.
 */
public interface HealthReporting {

  ServiceHealth health();

  /**
   * Calls {@code listener} once, with the error that stopped the service, when it stops working by
   * itself (never after it was closed). The call comes on whichever thread saw the failure; a
   * listener added after the failure is called at once.
   */
  void onFailure(Consumer<Throwable> listener);
}
