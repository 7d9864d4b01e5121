package dev.orkestra.planner.reply;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * What a handler prepared for a request (its prompt and what the reply is checked against), kept
 * for a while. A task request whose model call outlives a delivery is continued every 12 s
 * (docs/runtime.md, "Lanes, record locks and long work") and its handler runs again each time;
 * without this it would read the repository again on every run — on GitHub, API calls out of an
 * hourly rate limit. A request's bytes are the same in every delivery and content at a commit never
 * changes, so the request's event id names what was prepared. A failed preparation is not kept.
 */
public final class RequestCache<V> {

  /** Prepares the value; may fail, and is then tried again on the next run. */
  @FunctionalInterface
  public interface Preparation<V> {
    V prepare() throws Exception;
  }

  private final Cache<String, V> prepared = Caffeine.newBuilder()
      .maximumSize(64)
      .expireAfterAccess(Duration.ofMinutes(30))
      .build();

  public V get(String requestEventId, Preparation<V> preparation) throws Exception {
    V cached = prepared.getIfPresent(requestEventId);
    if (cached != null) {
      return cached;
    }
    V value = preparation.prepare();
    prepared.put(requestEventId, value);
    return value;
  }
}
