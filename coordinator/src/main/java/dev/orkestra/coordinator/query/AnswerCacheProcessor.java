package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.AnswerCacheRequest;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Thin: the answer cache keyed by cache key, decisions in {@link AnswerCacheFlow}, a purge of expired entries. */
final class AnswerCacheProcessor implements Processor<String, AnswerCacheRequest, String, SpecificRecord> {

  /** Expired entries are already skipped at lookup; the purge only reclaims their space. */
  static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

  private final AnswerCacheFlow flow;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, CachedAnswer> store;

  AnswerCacheProcessor(AnswerCacheFlow flow) {
    this.flow = flow;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(QueryCoordinator.ANSWER_CACHE_STORE);
    context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  @Override
  public void process(Record<String, AnswerCacheRequest> record) {
    String cacheKey = record.key();
    if (cacheKey == null || record.value() == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    Step<CachedAnswer> step = flow.onRequest(store.get(cacheKey), record.value(), now);
    switch (step.change()) {
      case PUT -> store.put(cacheKey, step.state());
      case DELETE -> store.delete(cacheKey);
      case KEEP -> { }
    }
    for (Emit emit : step.emits()) {
      context.forward(new Record<>(emit.key(), emit.value(), now));
    }
  }

  private void purge(long now) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, CachedAnswer> all = store.all()) {
      all.forEachRemaining(entry -> {
        if (flow.expired(entry.value, now)) {
          expired.add(entry.key);
        }
      });
    }
    expired.forEach(store::delete);
  }
}
