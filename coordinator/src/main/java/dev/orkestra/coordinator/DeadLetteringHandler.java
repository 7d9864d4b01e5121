package dev.orkestra.coordinator;

import java.util.Map;
import org.apache.kafka.common.Configurable;

/** What the coordinator's Streams error handlers share: the {@code producer} named in their dead letters. */
abstract class DeadLetteringHandler implements Configurable {

  protected String producer = StreamsProperties.UNKNOWN_PRODUCER;

  @Override
  public void configure(Map<String, ?> configs) {
    producer = StreamsProperties.producerName(configs);
  }
}
