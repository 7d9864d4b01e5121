package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.ExtractionRequested;
import dev.orkestra.events.query.VerificationCompleted;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Thin: per-candidate state keyed by candidateId, decisions in {@link CandidateFlow}, a purge of stale entries. */
final class CandidateProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(CandidateProcessor.class);

  /** Stale entries only cost disk; looking for them twice a minute is plenty. */
  static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

  private final CandidateFlow flow;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, CandidateState> store;

  CandidateProcessor(CandidateFlow flow) {
    this.flow = flow;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(QueryCoordinator.CANDIDATES_STORE);
    context.schedule(PURGE_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::purge);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String candidateId = record.key();
    if (candidateId == null || record.value() == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    CandidateState state = store.get(candidateId);
    Step<CandidateState> step = switch (record.value()) {
      case ExtractionRequested request -> flow.onRequest(state, request, now);
      case ExtractionCompleted extraction -> flow.onExtraction(state, extraction, now);
      case VerificationCompleted verification -> flow.onVerification(state, verification, now);
      default -> {
        log.warn("candidate {}: ignoring unexpected {}", candidateId, record.value().getSchema().getFullName());
        yield Step.ignore();
      }
    };
    switch (step.change()) {
      case PUT -> store.put(candidateId, step.state());
      case DELETE -> store.delete(candidateId);
      case KEEP -> { }
    }
    for (Emit emit : step.emits()) {
      context.forward(new Record<>(emit.key(), emit.value(), now));
    }
  }

  private void purge(long now) {
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, CandidateState> all = store.all()) {
      all.forEachRemaining(entry -> {
        if (flow.expired(entry.value, now)) {
          expired.add(entry.key);
        }
      });
    }
    expired.forEach(store::delete);
  }
}
