package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/** The last-line Streams handlers: dead letter and go on, or retry what may pass. */
class StreamsErrorHandlersTest {

  private static final byte[] KEY = "q-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] INPUT = {9, 8, 7};
  private static final Map<String, String> CONFIG = Map.of(StreamsProperties.PRODUCER_NAME, "coordinator@test");

  @Test
  void anExceptionEscapingAProcessorDeadLettersTheInputAndResumes() {
    var handler = new DeadLetteringProcessingHandler();
    handler.configure(CONFIG);

    var response = handler.handleError(context(), new Record<>("q-1", "value", 0L), new IllegalStateException("bug"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    DeadLetter letter = letter(response.deadLetterQueueRecords().getFirst());
    assertThat(letter.getReason()).isEqualTo("processing failed in queries: IllegalStateException: bug");
    assertThat(letter.getSourceTopic()).isEqualTo(Topics.COMPOSER_RESULTS.name());
    assertThat(letter.getSourceOffset()).isEqualTo(42L);
    assertThat(letter.getPayload().array()).isEqualTo(INPUT);
    assertThat(letter.getProducer()).isEqualTo("coordinator@test");
  }

  @Test
  void aRecordThatCannotBeWrittenDeadLettersTheInputAndResumes() {
    var handler = new DeadLetteringProductionHandler();
    handler.configure(CONFIG);
    var output = new ProducerRecord<>(Topics.AUDITOR_REQUESTS.name(), KEY, new byte[1_200]);

    var response = handler.handleError(context(), output, new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    DeadLetter letter = letter(response.deadLetterQueueRecords().getFirst());
    assertThat(letter.getReason())
        .isEqualTo("could not write 1200 bytes to orkestra.auditor.requests: RecordTooLargeException: too large");
    assertThat(letter.getPayload().array()).isEqualTo(INPUT);
  }

  @Test
  void aRetriableWriteFailureIsRetriedNotDropped() {
    var handler = new DeadLetteringProductionHandler();
    handler.configure(CONFIG);

    var response = handler.handleError(context(), new ProducerRecord<>("t", KEY, INPUT), new TimeoutException("slow"));

    assertThat(response.result()).isEqualTo(ProductionExceptionHandler.Result.RETRY);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
  }

  private static DeadLetter letter(ProducerRecord<byte[], byte[]> record) {
    assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
    assertThat(record.key()).isEqualTo(KEY);
    return Topics.DEAD_LETTERS.valueSerde().decode(record.value());
  }

  private static ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      @Override
      public String topic() {
        return Topics.COMPOSER_RESULTS.name();
      }

      @Override
      public int partition() {
        return 2;
      }

      @Override
      public long offset() {
        return 42L;
      }

      @Override
      public Headers headers() {
        return new RecordHeaders();
      }

      @Override
      public String processorNodeId() {
        return "queries";
      }

      @Override
      public TaskId taskId() {
        return new TaskId(1, 2);
      }

      @Override
      public long timestamp() {
        return 0L;
      }

      @Override
      public byte[] sourceRawKey() {
        return KEY;
      }

      @Override
      public byte[] sourceRawValue() {
        return INPUT;
      }
    };
  }
}
