package dev.orkestra.coordinator.streams;

import dev.orkestra.topics.TopicSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.TopicNameExtractor;

/**
 * Where each record a processor forwards is written, and how it is encoded: one value type per
 * topic, so the value's type names its topic and that topic's serde encodes it. Registry topics
 * come from {@code Topics}; a topology may add its own (the query side's answer-cache topic, which
 * also takes the cache purge's tombstones, i.e. null values). One sink per processor routes with it
 * ({@link #topicNames()}, {@link #serde()}), and the processors' size guard measures records with
 * the same encoding the sink writes ({@link #encode}).
 */
public final class Outputs {

  private final String tombstoneTopic;
  private final Map<Class<?>, String> topics = new HashMap<>();

  /** Registry topics only; a null value (a tombstone) has nowhere to go. */
  public Outputs(List<TopicSpec<?>> registry) {
    this(registry, Map.of(), null);
  }

  /**
   * @param registry       the registry topics written; each value type at most once
   * @param own            the topology's own topics, by the value type they carry
   * @param tombstoneTopic where a null value goes; null: nowhere (forwarding one is a bug)
   */
  public Outputs(List<TopicSpec<?>> registry, Map<Class<? extends SpecificRecord>, String> own, String tombstoneTopic) {
    this.tombstoneTopic = tombstoneTopic;
    for (TopicSpec<?> spec : registry) {
      if (topics.put(spec.valueType(), spec.name()) != null) {
        throw new IllegalArgumentException(spec.valueType().getSimpleName() + " is the value of two output topics");
      }
    }
    own.forEach((type, topic) -> {
      if (topics.put(type, topic) != null) {
        throw new IllegalArgumentException(type.getSimpleName() + " is the value of two output topics");
      }
    });
  }

  /** The topic {@code value} is written to; fails naming the type when no output topic carries it (a bug). */
  public String topic(SpecificRecord value) {
    if (value == null) {
      if (tombstoneTopic == null) {
        throw new IllegalStateException("no output topic takes a null value");
      }
      return tombstoneTopic;
    }
    String topic = topics.get(value.getClass());
    if (topic == null) {
      throw new IllegalStateException("no output topic carries " + value.getSchema().getFullName());
    }
    return topic;
  }

  /** The bytes the sink writes for {@code value} (null for a tombstone): its topic's serde's encoding. */
  public byte[] encode(SpecificRecord value) {
    topic(value);
    return ContractBytes.toBytes(value);
  }

  public TopicNameExtractor<String, SpecificRecord> topicNames() {
    return (key, value, context) -> topic(value);
  }

  /** Encodes whatever {@link #topic} routes; never reads (a sink only writes). */
  public Serde<SpecificRecord> serde() {
    return new Serde<>() {
      @Override
      public Serializer<SpecificRecord> serializer() {
        return (topic, value) -> encode(value);
      }

      @Override
      public Deserializer<SpecificRecord> deserializer() {
        return (topic, bytes) -> {
          throw new UnsupportedOperationException("the coordinator's outputs are written, never read, through this serde");
        };
      }
    };
  }
}
