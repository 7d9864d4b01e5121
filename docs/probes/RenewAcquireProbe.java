// A probe of Kafka 4.2.0 share-consumer lock renewal (docs/runtime.md); run it as a JUnit test in agent-runtime.
package dev.orkestra.runtime.probe;

import dev.orkestra.events.common.Failure;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.topics.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenewAcquireProbeTest {
  @Test
  void probe(@TempDir Path tmp) throws Exception {
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary(tmp))) {
      broker.createTopics(List.of(new TopicSpec<>("probe", Failure.class, 1, TopicSpec.Cleanup.DELETE, "t")));
      try (var admin = broker.admin()) {
        admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.GROUP, "g"), List.of(
            new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET),
            new AlterConfigOp(new ConfigEntry("share.record.lock.duration.ms", "2000"), AlterConfigOp.OpType.SET)))).all().get();
      }
      var p = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer());
      p.send(new ProducerRecord<>("probe", "k", "long")); p.flush();
      Map<String, Object> cfg = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
          ConsumerConfig.GROUP_ID_CONFIG, "g", ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit",
          ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
      var a = new KafkaShareConsumer<String, String>(cfg, new StringDeserializer(), new StringDeserializer());
      a.subscribe(List.of("probe"));
      ConsumerRecord<String, String> held = null;
      while (held == null) { for (var r : a.poll(Duration.ofMillis(200))) held = r; }
      System.out.println("PROBE A holds " + held.value());
      List<String> seenB = new CopyOnWriteArrayList<>();
      var stop = new java.util.concurrent.atomic.AtomicBoolean();
      Thread tb = Thread.ofPlatform().unstarted(() -> {
        try (var b = new KafkaShareConsumer<String, String>(cfg, new StringDeserializer(), new StringDeserializer())) {
          b.subscribe(List.of("probe"));
          while (!stop.get()) {
            for (var r : b.poll(Duration.ofMillis(200))) {
              seenB.add(r.value() + "/d" + r.deliveryCount().orElse((short) 0));
              System.out.println("PROBE B got " + r.value() + " d" + r.deliveryCount().orElse((short) 0));
              b.acknowledge(r, AcknowledgeType.ACCEPT);
            }
          }
        }
      });
      long start = System.currentTimeMillis();
      boolean inHand = true;
      long lastRenew = 0;
      boolean produced = false;
      while (System.currentTimeMillis() - start < 20_000) {
        if (!produced && System.currentTimeMillis() - start > 3000) {
          for (int i = 0; i < 5; i++) { p.send(new ProducerRecord<>("probe", "k", "quick" + i)); }
          p.flush(); produced = true;
        }
        if (produced && tb.getState() == Thread.State.NEW && System.currentTimeMillis() - start > 9000) {
          System.out.println("PROBE starting B at " + (System.currentTimeMillis() - start)); tb.start();
        }
        if (inHand && System.currentTimeMillis() - lastRenew > 600) {
          a.acknowledge(held, AcknowledgeType.RENEW); inHand = false; lastRenew = System.currentTimeMillis(); a.commitAsync();
        }
        if (!inHand) {
          for (var r : a.poll(Duration.ofMillis(50))) {
            if (r.offset() == held.offset()) { held = r; inHand = true; }
            else { System.out.println("PROBE A unexpectedly got " + r.value() + " d" + r.deliveryCount().orElse((short) 0)); a.acknowledge(r, AcknowledgeType.RELEASE); }
          }
        } else {
          Thread.sleep(50);
        }
      }
      System.out.println("PROBE B saw " + seenB);
      stop.set(true); tb.join();
      while (!inHand) { for (var r : a.poll(Duration.ofMillis(50))) { if (r.offset() == held.offset()) { held = r; inHand = true; } else a.acknowledge(r, AcknowledgeType.RELEASE);} }
      a.acknowledge(held, AcknowledgeType.ACCEPT); a.commitSync(); a.close(); p.close();
    }
  }
}
