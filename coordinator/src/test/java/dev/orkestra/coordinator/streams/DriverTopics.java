package dev.orkestra.coordinator.streams;

import dev.orkestra.topics.TopicSpec;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A registry topic in a TopologyTestDriver, encoded as its serde encodes it on the broker. */
public final class DriverTopics {

  private DriverTopics() {}

  public static <V extends SpecificRecord> TestInputTopic<String, V> input(TopologyTestDriver driver,
      TopicSpec<V> spec) {
    return driver.createInputTopic(spec.name(), spec.keySerde().serializer(), spec.valueSerde().serializer());
  }

  public static <V extends SpecificRecord> TestOutputTopic<String, V> output(TopologyTestDriver driver,
      TopicSpec<V> spec) {
    return driver.createOutputTopic(spec.name(), spec.keySerde().deserializer(), spec.valueSerde().deserializer());
  }
}
