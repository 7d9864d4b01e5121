package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
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
 * topic, so the value's type names its registry topic and that topic's serde encodes it; audited
 * answers, and the cache purge's tombstones (null values), go to the coordinator's answer-cache
 * topic. One sink per processor routes with it ({@link #topicNames()}, {@link #serde()}), and the
 * processors' size guard measures records with the same encoding the sink writes ({@link #encode}).
 */
final class Outputs {

  private final String answerCacheTopic;
  private final Map<Class<?>, String> topics = new HashMap<>();

  /** @param registry the registry topics written; each value type at most once */
  Outputs(List<TopicSpec<?>> registry, String answerCacheTopic) {
    this.answerCacheTopic = answerCacheTopic;
    for (TopicSpec<?> spec : registry) {
      if (topics.put(spec.valueType(), spec.name()) != null) {
        throw new IllegalArgumentException(spec.valueType().getSimpleName() + " is the value of two output topics");
      }
    }
    topics.put(CachedAnswer.class, answerCacheTopic);
  }

  /** The topic {@code value} is written to; fails naming the type when no output topic carries it (a bug). */
  String topic(SpecificRecord value) {
    if (value == null) {
      return answerCacheTopic;
    }
    String topic = topics.get(value.getClass());
    if (topic == null) {
      throw new IllegalStateException("no output topic carries " + value.getSchema().getFullName());
    }
    return topic;
  }

  /** The bytes the sink writes for {@code value} (null for a tombstone): its topic's serde's encoding. */
  byte[] encode(SpecificRecord value) {
    topic(value);
    return ContractBytes.toBytes(value);
  }

  TopicNameExtractor<String, SpecificRecord> topicNames() {
    return (key, value, context) -> topic(value);
  }

  /** Encodes whatever {@link #topic} routes; never reads (a sink only writes). */
  Serde<SpecificRecord> serde() {
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
