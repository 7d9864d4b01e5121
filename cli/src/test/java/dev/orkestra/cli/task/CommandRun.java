package dev.orkestra.cli.task;

import dev.orkestra.cli.Orkestra;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.TopicSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;

/** One run of an {@code orkestra} command against the embedded broker, with what it printed. */
record CommandRun(int exit, String out, String err) {

  static CommandRun run(EmbeddedKafkaBroker broker, String... args) {
    return run(broker, new StringWriter(), args);
  }

  /** @param out where the command prints, readable while it runs */
  static CommandRun run(EmbeddedKafkaBroker broker, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Orkestra.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--bootstrap", broker.bootstrapServers()));
    int exit = commandLine.execute(all.toArray(String[]::new));
    return new CommandRun(exit, out.toString(), err.toString());
  }

  static KafkaConnection kafka(EmbeddedKafkaBroker broker) {
    return KafkaConnection.of(broker.bootstrapServers());
  }

  /** Publishes (not in a transaction: read committed sees it all the same) and waits for the broker's ack. */
  @SafeVarargs
  static <V extends SpecificRecord> void publish(EmbeddedKafkaBroker broker, TopicSpec<V> topic, String key,
      V... values) {
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
        new ByteArraySerializer())) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().encode(value))).get();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
