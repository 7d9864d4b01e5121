package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.events.query.Answer;
import java.util.Optional;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** The audited answers a query may be answered from, by {@link AnswerCacheKey}. */
@FunctionalInterface
interface AnswerCache {

  /** The answer stored under {@code cacheKey}, unless there is none or it expired by {@code now}. */
  Optional<Answer> fresh(String cacheKey, long now);

  /** Nothing cached: every query runs the pipeline. */
  static AnswerCache empty() {
    return (cacheKey, now) -> Optional.empty();
  }

  /** Reads the coordinator's global answer-cache store. */
  static AnswerCache over(ReadOnlyKeyValueStore<String, CachedAnswer> store, AnswerCachePolicy policy) {
    return (cacheKey, now) -> Optional.ofNullable(cacheKey == null ? null : store.get(cacheKey))
        .filter(entry -> policy.fresh(entry, now))
        .map(entry -> ContractBytes.decode(entry.getAnswer(), Answer.class));
  }
}
