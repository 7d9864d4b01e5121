package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.streams.Emit;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.events.common.Envelope;
import dev.orkestra.events.query.CandidateOpened;
import dev.orkestra.events.query.ExtractionCompleted;
import dev.orkestra.events.query.VerificationCompleted;
import dev.orkestra.runtime.Envelopes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin: per-candidate state keyed by candidateId, decisions in {@link CandidateFlow}, a purge of
 * stale entries. A step that would write a record over the size limit, or an input whose processing
 * throws, ends the candidate's query in an error (an outcome carrying it) and is dead-lettered.
 */
final class CandidateProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

  private static final Logger log = LoggerFactory.getLogger(CandidateProcessor.class);

  /** Stale entries only cost disk; looking for them twice a minute is plenty. */
  static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);

  private final CandidateFlow flow;
  private final RecordSizeGuard guard;
  private final Containment containment;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, CandidateState> store;

  CandidateProcessor(CandidateFlow flow, RecordSizeGuard guard, String producer) {
    this.flow = flow;
    this.guard = guard;
    this.containment = new Containment(producer);
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
    Envelope cause = Envelopes.of(record.value());
    try {
      apply(candidateId, cause, decide(candidateId, store.get(candidateId), record.value(), now), record.value(), now);
    } catch (RuntimeException e) {
      log.error("candidate {}: processing {} failed", candidateId, record.value().getSchema().getName(), e);
      contain(candidateId, cause, record.value(), ErrorMessages.processingFailed(record.value().getSchema().getName(),
          e), now);
    }
  }

  private Step<CandidateState> decide(String candidateId, CandidateState state, SpecificRecord value, long now) {
    return switch (value) {
      case CandidateOpened opened -> flow.onRequest(state, opened.getExtraction(), now);
      case ExtractionCompleted extraction -> flow.onExtraction(state, extraction, now);
      case VerificationCompleted verification -> flow.onVerification(state, verification, now);
      default -> {
        log.warn("candidate {}: ignoring unexpected {}", candidateId, value.getSchema().getFullName());
        yield Step.ignore();
      }
    };
  }

  private void apply(String candidateId, Envelope cause, Step<CandidateState> step, SpecificRecord input, long now) {
    Optional<RecordSizeGuard.Oversize> oversize = guard.check(QueryCoordinator.CANDIDATES_STORE,
        step.change() == Step.Change.PUT ? step.state() : null, step.emits());
    if (oversize.isPresent()) {
      log.warn("candidate {}: {}", candidateId, ErrorMessages.recordTooLarge(oversize.get()));
      contain(candidateId, cause, input, ErrorMessages.recordTooLarge(oversize.get()), now);
      return;
    }
    switch (step.change()) {
      case PUT -> store.put(candidateId, step.state());
      case DELETE -> store.delete(candidateId);
      case KEEP -> { }
    }
    for (Emit emit : step.emits()) {
      context.forward(emit.toRecord(now));
    }
  }

  /** The candidate's query ends in an error with {@code message}; the input is dead-lettered. */
  private void contain(String candidateId, Envelope cause, SpecificRecord input, String message, long now) {
    Step<CandidateState> failed = flow.failedInCoordinator(candidateId, cause, message, now);
    store.put(candidateId, failed.state());
    List<Emit> emits = new ArrayList<>(failed.emits());
    emits.add(new Emit(candidateId, containment.deadLetter(context, candidateId, input, null, null, message)));
    for (Emit emit : emits) {
      context.forward(emit.toRecord(now));
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
