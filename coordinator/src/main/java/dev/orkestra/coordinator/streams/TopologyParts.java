package dev.orkestra.coordinator.streams;

import dev.orkestra.topics.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Pieces both coordinator topologies build from: typed sources widened to one stream, and their stores. */
public final class TopologyParts {

  private TopologyParts() {}

  /** A registry topic as a stream of its records, named {@code from-<topic>} (names are explicit: StreamsProperties). */
  public static <V extends SpecificRecord> KStream<String, SpecificRecord> source(StreamsBuilder builder,
      TopicSpec<V> spec) {
    return widen(typedSource(builder, spec));
  }

  /** As {@link #source}, keeping the topic's value type. */
  public static <V extends SpecificRecord> KStream<String, V> typedSource(StreamsBuilder builder, TopicSpec<V> spec) {
    return builder.stream(spec.name(), Consumed.with(spec.keySerde(), spec.valueSerde()).withName("from-" + spec.name()));
  }

  @SuppressWarnings("unchecked")
  public static KStream<String, SpecificRecord> widen(KStream<String, ? extends SpecificRecord> stream) {
    // Safe: downstream only reads values as SpecificRecord.
    return (KStream<String, SpecificRecord>) stream;
  }

  /** RocksDB, changelog-backed (the default): a restarted or moved task resumes where it was. */
  public static <V extends SpecificRecord> StoreBuilder<?> persistentStore(String name, Class<V> type) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), StateSerdes.of(type));
  }

  /**
   * A {@link DeadlineIndex}'s store: derived from its state store and rebuilt from it whenever the
   * task starts, so no changelog to write, nothing to restore, and no new logged store in an
   * existing task (which under exactly-once makes Streams treat the task as corrupted).
   */
  public static StoreBuilder<?> indexStore(String name) {
    return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.String())
        .withLoggingDisabled();
  }
}
