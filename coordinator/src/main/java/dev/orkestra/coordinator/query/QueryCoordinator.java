package dev.orkestra.coordinator.query;

import static dev.orkestra.coordinator.streams.TopologyParts.indexStore;
import static dev.orkestra.coordinator.streams.TopologyParts.persistentStore;
import static dev.orkestra.coordinator.streams.TopologyParts.source;
import static dev.orkestra.coordinator.streams.TopologyParts.widen;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.coordinator.streams.Outputs;
import dev.orkestra.coordinator.streams.RecordSizeGuard;
import dev.orkestra.coordinator.streams.StateSerdes;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The Kafka Streams topology of the grounded-code-question pipeline (seed 000): two
 * sub-topologies, each partitioned by what it decides about, and a global answer cache.
 *
 * <pre>
 * queries (key queryId)
 *   in:  orkestra.queries, retriever/synthesizer/composer/auditor results, orkestra.failures,
 *        candidate-outcomes
 *   out: retriever/synthesizer/composer/auditor requests, orkestra.responses,
 *        orkestra.extractor.requests (one per candidate, key candidateId), orkestra.dead-letters,
 *        &lt;application.id&gt;-answer-cache (audited answers; tombstones for expired ones)
 *   reads: the global answer-cache store
 * candidates (key candidateId)
 *   in:  orkestra.extractor.requests, orkestra.extractor.results, orkestra.verifier.results
 *   out: orkestra.verifier.requests, orkestra.dead-letters, candidate-outcomes (re-keyed to queryId)
 * answer cache (global store, every instance holds all of it)
 *   in:  &lt;application.id&gt;-answer-cache
 * </pre>
 *
 * <p>Each processor writes through one sink that names the topic by the value's type ({@link Outputs});
 * only the candidates' outcomes take their own path, through the repartition topic.
 *
 * <p>The answer cache is global rather than partitioned by its key so that the query processor can
 * answer from it in the same step that received the query: a cached answer costs one hop through
 * the coordinator, not a repartition round trip (docs/performance.md).
 *
 * <p>The loop queries → candidates → queries closes through a registry topic the coordinator
 * itself writes (extractor requests) instead of an internal topic: Streams cannot express a cycle
 * of repartition topics, and those records are the facts anyway — the request a candidate's
 * results must answer.
 */
public final class QueryCoordinator {

  public static final String QUERY_PROGRESS_STORE = "query-progress";
  /** When each query-progress entry falls due, by time ({@link DeadlineIndex}); in memory, rebuilt at task start. */
  public static final String QUERY_DEADLINES_STORE = "query-deadlines";
  public static final String CANDIDATES_STORE = "candidates";
  public static final String ANSWER_CACHE_STORE = "answer-cache";
  /** Repartition topic (Streams names it {@code <application.id>-<name>-repartition}). */
  public static final String CANDIDATE_OUTCOMES = "candidate-outcomes";
  /** Distinct (repository, ref) pairs the ref memo keeps; a miss costs one retrieval. */
  static final int REF_MEMO_CAPACITY = 10_000;

  private final CoordinatorConfig config;
  private final DeadlinePolicy deadlines;
  private final AnswerCachePolicy cache;
  private final RefMemo refs;
  private final Outputs outputs;

  public QueryCoordinator(CoordinatorConfig config) {
    this.config = config;
    String cacheTopic = answerCacheTopic(config.applicationId());
    this.outputs = new Outputs(OUTPUTS, Map.of(CachedAnswer.class, cacheTopic), cacheTopic);
    this.deadlines = new DeadlinePolicy(config.timeouts());
    this.cache = new AnswerCachePolicy(config.cacheTtl());
    this.refs = new RefMemo(config.refReuse(), REF_MEMO_CAPACITY);
  }

  /**
   * The topic behind the global answer cache: compacted (latest answer per key, tombstones remove),
   * written by the query processor, created by the coordinator before it starts.
   */
  public static String answerCacheTopic(String applicationId) {
    return applicationId + "-" + ANSWER_CACHE_STORE;
  }

  /** Registry topics the processors write (besides the answer-cache topic and the repartition topic). */
  static final List<TopicSpec<?>> OUTPUTS = List.of(Topics.RETRIEVER_REQUESTS, Topics.EXTRACTOR_REQUESTS,
      Topics.CANDIDATES, Topics.VERIFIER_REQUESTS, Topics.SYNTHESIZER_REQUESTS, Topics.COMPOSER_REQUESTS, Topics.AUDITOR_REQUESTS,
      Topics.RESPONSES, Topics.DEAD_LETTERS);

  /** Registry topics the topology reads or writes; they must exist before it starts. */
  public static List<TopicSpec<?>> topics() {
    return List.of(Topics.QUERIES, Topics.RETRIEVER_REQUESTS, Topics.RETRIEVER_RESULTS,
        Topics.EXTRACTOR_REQUESTS, Topics.CANDIDATES, Topics.EXTRACTOR_RESULTS, Topics.VERIFIER_REQUESTS,
        Topics.VERIFIER_RESULTS, Topics.SYNTHESIZER_REQUESTS, Topics.SYNTHESIZER_RESULTS, Topics.COMPOSER_REQUESTS, Topics.COMPOSER_RESULTS,
        Topics.AUDITOR_REQUESTS, Topics.AUDITOR_RESULTS, Topics.RESPONSES, Topics.FAILURES, Topics.DEAD_LETTERS);
  }

  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    KStream<String, SpecificRecord> candidateEvents = source(builder, Topics.CANDIDATES)
        .merge(source(builder, Topics.EXTRACTOR_RESULTS), Named.as("candidate-events-1"))
        .merge(source(builder, Topics.VERIFIER_RESULTS), Named.as("candidate-events-2"));
    KStream<String, SpecificRecord> fromCandidates = candidateEvents.process(candidates(), Named.as("candidates"));
    // Outcomes go on to their query; everything else (verification requests, dead letters) to its topic.
    fromCandidates.filterNot((key, value) -> value instanceof CandidateOutcome, Named.as("candidates-to-topics"))
        .to(outputs.topicNames(), Produced.with(Serdes.String(), outputs.serde()).withName("candidates-out"));
    // Fan-in: each outcome is re-keyed to its queryId, so it meets the query's state.
    KStream<String, SpecificRecord> outcomes = widen(only(fromCandidates, CandidateOutcome.class, "candidate-outcomes")
        .repartition(Repartitioned.<String, CandidateOutcome>as(CANDIDATE_OUTCOMES)
            .withKeySerde(Serdes.String())
            .withValueSerde(StateSerdes.of(CandidateOutcome.class))
            .withNumberOfPartitions(Topics.QUERIES.partitions())));

    KStream<String, SpecificRecord> queryEvents = source(builder, Topics.QUERIES);
    int merged = 0;
    for (TopicSpec<?> spec : List.of(Topics.RETRIEVER_RESULTS, Topics.SYNTHESIZER_RESULTS, Topics.COMPOSER_RESULTS,
        Topics.AUDITOR_RESULTS, Topics.FAILURES)) {
      queryEvents = queryEvents.merge(source(builder, spec), Named.as("query-events-" + ++merged));
    }
    queryEvents = queryEvents.merge(outcomes, Named.as("query-events-" + ++merged));
    // One sink: requests, responses, dead letters, audited answers and the cache purge's tombstones,
    // each to the topic its value type names.
    queryEvents.process(queries(), Named.as("queries"))
        .to(outputs.topicNames(), Produced.with(Serdes.String(), outputs.serde()).withName("queries-out"));
    // Added last: sub-topologies are numbered in the order their sources are added, and task ids
    // (candidates 0_n, queries 1_n) name the local state directories a restarted instance reuses.
    Serde<CachedAnswer> cachedAnswers = StateSerdes.of(CachedAnswer.class);
    builder.addGlobalStore(
        // Rebuilt from its topic, so no changelog of its own.
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ANSWER_CACHE_STORE), Serdes.String(),
            cachedAnswers).withLoggingDisabled(),
        answerCacheTopic(config.applicationId()),
        Consumed.with(Serdes.String(), cachedAnswers).withName("from-" + answerCacheTopic(config.applicationId())),
        AnswerCacheUpdater::new);
    return builder.build();
  }

  private ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> queries() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, SpecificRecord, String, SpecificRecord> get() {
        return new QueryProcessor(new QueryFlow(deadlines, cache, refs, config.producer()), cache,
            config.deadlineCheckInterval(), deadlines.maxQueryAge(),
            new RecordSizeGuard(config.maxRecordBytes(), outputs::topic),
            new Containment(config.producer()));
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(persistentStore(QUERY_PROGRESS_STORE, QueryProgressState.class),
            // Derived from query-progress and rebuilt from it whenever the task starts (QueryStores).
            indexStore(QUERY_DEADLINES_STORE));
      }
    };
  }

  private ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> candidates() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, SpecificRecord, String, SpecificRecord> get() {
        return new CandidateProcessor(new CandidateFlow(deadlines.candidateRetention(), config.producer()),
            new RecordSizeGuard(config.maxRecordBytes(), value -> value instanceof CandidateOutcome
                ? CANDIDATE_OUTCOMES + " repartition topic" : outputs.topic(value)),
            config.producer());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(persistentStore(CANDIDATES_STORE, CandidateState.class));
      }
    };
  }


  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> KStream<String, V> only(KStream<String, SpecificRecord> out,
      Class<V> type, String name) {
    // Safe: the filter lets through nothing but V.
    return (KStream<String, V>) (KStream<String, ?>) out.filter((key, value) -> type.isInstance(value),
        Named.as(name));
  }
}
