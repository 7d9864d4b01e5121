package dev.orkestra.cli.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.cli.Orkestra;
import dev.orkestra.events.task.TaskState;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.kafka.embedded.EmbeddedKafkaExtension;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.topics.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code orkestra tasks} against the real embedded broker: the latest state of each task, from task-events. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TasksCommandTest {

  private static TaskStateChanged event(String taskId, TaskState from, TaskState to, String reason, int done, int total) {
    return TaskStateChanged.newBuilder()
        .setEnvelope(Envelopes.start(taskId, "test"))
        .setTaskId(taskId).setFromState(from).setToState(to).setReason(reason)
        .setStepsCompleted(done).setStepsTotal(total).setCumulativeCostUsd(0.0125)
        .build();
  }

  @Test
  void eachTaskIsListedOnceWithItsLatestState(EmbeddedKafkaBroker broker) throws Exception {
    try (KafkaProducer<String, TaskStateChanged> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
        Topics.TASK_EVENTS.valueSerde().serializer())) {
      for (TaskStateChanged event : new TaskStateChanged[] {
          event("LIST-1", null, TaskState.NEW, "submitted by ana", 0, 0),
          event("LIST-2", null, TaskState.NEW, "submitted by ben", 0, 0),
          event("LIST-1", TaskState.NEW, TaskState.PLANNING, "plan requested from claude-sonnet", 0, 0),
          event("LIST-1", TaskState.PLAN_REVIEW, TaskState.AWAITING_HUMAN_REVIEW, "plan rejected 3 times", 1, 4)}) {
        producer.send(new ProducerRecord<>(Topics.TASK_EVENTS.name(), event.getTaskId(), event)).get();
      }
    }
    StringWriter out = new StringWriter();
    CommandLine commandLine = Orkestra.commandLine();
    commandLine.setOut(new PrintWriter(out, true));

    assertThat(commandLine.execute("tasks", "--bootstrap", broker.bootstrapServers())).isZero();

    String[] lines = out.toString().lines().filter(l -> l.startsWith("LIST-")).toArray(String[]::new);
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("LIST-1").contains("AWAITING_HUMAN_REVIEW", "steps 1/4", "$0.0125",
        "plan rejected 3 times");
    assertThat(lines[1]).startsWith("LIST-2").contains("NEW", "steps 0/0", "submitted by ben");
  }
}
