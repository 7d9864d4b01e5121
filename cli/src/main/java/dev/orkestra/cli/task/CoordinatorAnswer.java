package dev.orkestra.cli.task;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.task.TaskStateChanged;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The coordinator's answer to one record a command sent (a {@code HumanDecision} or a
 * {@code ControlCommand}): the task events it caused ({@code causationId} = the record's eventId) or
 * the dead letter it was rejected into, with the state machine's reason (docs/tasks.md: rejections
 * are dead-lettered, not published as task events). Open it <em>before</em> sending, so the answer
 * cannot come before the readers look.
 */
public final class CoordinatorAnswer implements AutoCloseable {

  /** What became of the record. */
  public sealed interface Outcome {
    /** Applied: the transitions it caused, in order. */
    record Applied(List<TaskStateChanged> events) implements Outcome {}

    /** Rejected by the coordinator, with its reason. */
    record Rejected(String reason) implements Outcome {}

    /** No answer within the wait: the record was sent, whether it is applied is not known. */
    record Unanswered(Duration waited) implements Outcome {}
  }

  /** After the first caused event, how long to wait for the rest of the same transaction. */
  private static final Duration SETTLE = Duration.ofMillis(500);

  private final TopicReader<TaskStateChanged> events;
  private final TopicReader<DeadLetter> deadLetters;

  private CoordinatorAnswer(TopicReader<TaskStateChanged> events, TopicReader<DeadLetter> deadLetters) {
    this.events = events;
    this.deadLetters = deadLetters;
  }

  public static CoordinatorAnswer open(KafkaConnection kafka, Duration timeout) {
    TopicReader<TaskStateChanged> events = TopicReader.fromEnd(kafka, Topics.TASK_EVENTS, timeout);
    try {
      return new CoordinatorAnswer(events, TopicReader.fromEnd(kafka, Topics.DEAD_LETTERS, timeout));
    } catch (RuntimeException e) {
      events.close();
      throw e;
    }
  }

  /**
   * Waits up to {@code wait} for the answer to the record {@code eventId} sent on {@code source}
   * about {@code taskId}.
   */
  public <V extends SpecificRecord> Outcome await(String taskId, String eventId, TopicSpec<V> source,
      Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    List<TaskStateChanged> caused = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, TaskStateChanged> record : events.poll(Duration.ofMillis(200))) {
        if (eventId.equals(record.value().getEnvelope().getCausationId())) {
          caused.add(record.value());
        }
      }
      if (!caused.isEmpty()) {
        // One transaction wrote them all and they are committed together; a short poll picks up any late partition fetch.
        events.poll(SETTLE).stream().map(ConsumerRecord::value)
            .filter(e -> eventId.equals(e.getEnvelope().getCausationId())).forEach(caused::add);
        return new Outcome.Applied(List.copyOf(caused));
      }
      for (ConsumerRecord<String, DeadLetter> record : deadLetters.poll(Duration.ofMillis(100))) {
        if (rejects(record, taskId, eventId, source)) {
          return new Outcome.Rejected(record.value().getReason());
        }
      }
    }
    return new Outcome.Unanswered(wait);
  }

  private static <V extends SpecificRecord> boolean rejects(ConsumerRecord<String, DeadLetter> record, String taskId,
      String eventId, TopicSpec<V> source) {
    DeadLetter letter = record.value();
    if (!taskId.equals(record.key()) || !source.name().equals(letter.getSourceTopic()) || letter.getPayload() == null) {
      return false;
    }
    try {
      ByteBuffer payload = letter.getPayload().duplicate();
      byte[] bytes = new byte[payload.remaining()];
      payload.get(bytes);
      return eventId.equals(Envelopes.of(source.valueSerde().decode(bytes)).getEventId());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    events.close();
    deadLetters.close();
  }
}
