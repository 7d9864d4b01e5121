package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.coordinator.query.state.AnswerCacheRequest;
import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.query.state.CandidateOutcome;
import dev.orkestra.coordinator.query.state.CandidateState;
import dev.orkestra.coordinator.query.state.QueryProgressState;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.util.List;
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
 * The Kafka Streams topology of the grounded-code-question pipeline (seed 000): three
 * sub-topologies, each partitioned by what it decides about.
 *
 * <pre>
 * queries (key queryId)
 *   in:  orkestra.queries, retriever/synthesizer/composer/auditor results, orkestra.failures,
 *        orkestra.responses, candidate-outcomes
 *   out: retriever/synthesizer/composer/auditor requests, orkestra.responses, answer-cache-requests
 * answer cache (key = AnswerCacheKey)
 *   in:  answer-cache-requests (look up, or store an audited answer)
 *   out: hit  -> orkestra.responses
 *        miss -> orkestra.extractor.requests, one per candidate (key candidateId)
 * candidates (key candidateId)
 *   in:  orkestra.extractor.requests, orkestra.extractor.results, orkestra.verifier.results
 *   out: orkestra.verifier.requests, candidate-outcomes (re-keyed to queryId)
 * </pre>
 *
 * <p>The loop query → cache → candidates → query closes through two registry topics the
 * coordinator itself writes (extractor requests, responses) instead of internal topics: Streams
 * cannot express a cycle of repartition topics, and those records are the facts anyway — the
 * request a candidate's results must answer, and the response that closes a query.
 */
public final class QueryCoordinator {

  public static final String QUERY_PROGRESS_STORE = "query-progress";
  public static final String CANDIDATES_STORE = "candidates";
  public static final String ANSWER_CACHE_STORE = "answer-cache";
  /** Repartition topics (Streams names them {@code <application.id>-<name>-repartition}). */
  public static final String CANDIDATE_OUTCOMES = "candidate-outcomes";
  public static final String ANSWER_CACHE_REQUESTS = "answer-cache-requests";

  private final CoordinatorConfig config;
  private final DeadlinePolicy deadlines;
  private final AnswerCachePolicy cache;

  public QueryCoordinator(CoordinatorConfig config) {
    this.config = config;
    this.deadlines = new DeadlinePolicy(config.timeouts());
    this.cache = new AnswerCachePolicy(config.cacheTtl());
  }

  /** Registry topics the topology reads or writes; they must exist before it starts. */
  public static List<TopicSpec<?>> topics() {
    return List.of(Topics.QUERIES, Topics.RETRIEVER_REQUESTS, Topics.RETRIEVER_RESULTS,
        Topics.EXTRACTOR_REQUESTS, Topics.EXTRACTOR_RESULTS, Topics.VERIFIER_REQUESTS, Topics.VERIFIER_RESULTS,
        Topics.SYNTHESIZER_REQUESTS, Topics.SYNTHESIZER_RESULTS, Topics.COMPOSER_REQUESTS, Topics.COMPOSER_RESULTS,
        Topics.AUDITOR_REQUESTS, Topics.AUDITOR_RESULTS, Topics.RESPONSES, Topics.FAILURES, Topics.DEAD_LETTERS);
  }

  public Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, SpecificRecord> candidateEvents = source(builder, Topics.EXTRACTOR_REQUESTS)
        .merge(source(builder, Topics.EXTRACTOR_RESULTS), Named.as("candidate-events-1"))
        .merge(source(builder, Topics.VERIFIER_RESULTS), Named.as("candidate-events-2"));
    KStream<String, SpecificRecord> fromCandidates = candidateEvents.process(candidates(), Named.as("candidates"));
    to(fromCandidates, Topics.VERIFIER_REQUESTS, "candidates");
    // Fan-in: each outcome is re-keyed to its queryId, so it meets the query's state.
    KStream<String, SpecificRecord> outcomes = widen(only(fromCandidates, CandidateOutcome.class, "candidate-outcomes")
        .repartition(Repartitioned.<String, CandidateOutcome>as(CANDIDATE_OUTCOMES)
            .withKeySerde(Serdes.String())
            .withValueSerde(StateSerdes.of(CandidateOutcome.class))
            .withNumberOfPartitions(Topics.QUERIES.partitions())));

    KStream<String, SpecificRecord> queryEvents = source(builder, Topics.QUERIES);
    int merged = 0;
    for (TopicSpec<?> spec : List.of(Topics.RETRIEVER_RESULTS, Topics.SYNTHESIZER_RESULTS, Topics.COMPOSER_RESULTS,
        Topics.AUDITOR_RESULTS, Topics.FAILURES, Topics.RESPONSES)) {
      queryEvents = queryEvents.merge(source(builder, spec), Named.as("query-events-" + ++merged));
    }
    queryEvents = queryEvents.merge(outcomes, Named.as("query-events-" + ++merged));
    KStream<String, SpecificRecord> fromQueries = queryEvents.process(queries(), Named.as("queries"));
    for (TopicSpec<?> spec : List.of(Topics.RETRIEVER_REQUESTS, Topics.SYNTHESIZER_REQUESTS, Topics.COMPOSER_REQUESTS,
        Topics.AUDITOR_REQUESTS, Topics.RESPONSES)) {
      to(fromQueries, spec, "queries");
    }
    KStream<String, AnswerCacheRequest> cacheRequests =
        only(fromQueries, AnswerCacheRequest.class, "answer-cache-requests")
            .repartition(Repartitioned.<String, AnswerCacheRequest>as(ANSWER_CACHE_REQUESTS)
                .withKeySerde(Serdes.String())
                .withValueSerde(StateSerdes.of(AnswerCacheRequest.class))
                .withNumberOfPartitions(Topics.QUERIES.partitions()));

    KStream<String, SpecificRecord> fromCache = cacheRequests.process(answerCache(), Named.as("answer-cache"));
    to(fromCache, Topics.RESPONSES, "answer-cache");
    to(fromCache, Topics.EXTRACTOR_REQUESTS, "answer-cache");
    return builder.build();
  }

  private ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> queries() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, SpecificRecord, String, SpecificRecord> get() {
        return new QueryProcessor(new QueryFlow(deadlines, cache, config.producer()), config.deadlineCheckInterval());
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(QUERY_PROGRESS_STORE, QueryProgressState.class));
      }
    };
  }

  private ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> candidates() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, SpecificRecord, String, SpecificRecord> get() {
        return new CandidateProcessor(new CandidateFlow(deadlines.candidateRetention(), config.producer()));
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(CANDIDATES_STORE, CandidateState.class));
      }
    };
  }

  private ProcessorSupplier<String, AnswerCacheRequest, String, SpecificRecord> answerCache() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, AnswerCacheRequest, String, SpecificRecord> get() {
        return new AnswerCacheProcessor(new AnswerCacheFlow(cache, config.producer()));
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(store(ANSWER_CACHE_STORE, CachedAnswer.class));
      }
    };
  }

  /** RocksDB, changelog-backed (the default): a restarted or moved task resumes its queries where they were. */
  private static <V extends SpecificRecord> StoreBuilder<?> store(String name, Class<V> type) {
    Serde<V> values = StateSerdes.of(type);
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
  }

  private static <V extends SpecificRecord> KStream<String, SpecificRecord> source(StreamsBuilder builder,
      TopicSpec<V> spec) {
    return widen(builder.stream(spec.name(),
        Consumed.with(spec.keySerde(), spec.valueSerde()).withName("from-" + spec.name())));
  }

  /** Routes the records of {@code spec}'s value type to its topic. */
  private static <V extends SpecificRecord> void to(KStream<String, SpecificRecord> out, TopicSpec<V> spec,
      String from) {
    only(out, spec.valueType(), from + "-to-" + spec.name())
        .to(spec.name(), Produced.with(spec.keySerde(), spec.valueSerde()).withName(from + "-into-" + spec.name()));
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> KStream<String, V> only(KStream<String, SpecificRecord> out,
      Class<V> type, String name) {
    // Safe: the filter lets through nothing but V.
    return (KStream<String, V>) (KStream<String, ?>) out.filter((key, value) -> type.isInstance(value),
        Named.as(name));
  }

  @SuppressWarnings("unchecked")
  private static KStream<String, SpecificRecord> widen(KStream<String, ? extends SpecificRecord> stream) {
    // Safe: downstream only reads values as SpecificRecord.
    return (KStream<String, SpecificRecord>) stream;
  }
}
