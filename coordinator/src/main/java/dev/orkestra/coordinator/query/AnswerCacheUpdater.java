package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global answer-cache store in step with its topic: an entry is stored, a tombstone (the
 * query processor's purge of an expired entry) deletes it. Every coordinator instance runs one, so
 * an answer audited anywhere is served everywhere.
 */
final class AnswerCacheUpdater implements Processor<String, CachedAnswer, Void, Void> {

  private KeyValueStore<String, CachedAnswer> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(QueryCoordinator.ANSWER_CACHE_STORE);
  }

  @Override
  public void process(Record<String, CachedAnswer> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
