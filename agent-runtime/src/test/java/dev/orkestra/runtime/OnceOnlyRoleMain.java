package dev.orkestra.runtime;

import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.SynthesisCompleted;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.topics.TopicSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A model role in a process of its own, for the tests that kill it with SIGKILL at one point of a
 * request's handling: {@code none}, {@code before-call}, {@code after-call} (the model answered and
 * the answer is recorded) or {@code before-ack} (the result is committed, not yet acknowledged). At
 * that point of the first delivery it prints {@code PAUSED <point>} and waits to be killed.
 *
 * <p>Arguments: bootstrap, topic prefix (as {@link TestKafka#createRoleTopics} names them), group
 * id, models file, pause point.
 */
public final class OnceOnlyRoleMain {

  public static final String MODEL = "scripted-http";

  private OnceOnlyRoleMain() {}

  public static void main(String[] args) throws Exception {
    String bootstrap = args[0];
    String prefix = args[1];
    String group = args[2];
    ModelRegistry registry = ModelRegistry.load(Path.of(args[3]));
    String pausePoint = args[4];
    RoleServiceConfig<SynthesisRequested, SynthesisCompleted> config = RoleServiceConfig
        .builder("synthesizer", bootstrap, spec(prefix + ".requests", SynthesisRequested.class),
            spec(prefix + ".results", SynthesisCompleted.class))
        .sharedTopics(spec(prefix + ".failures", Failure.class), spec(prefix + ".dead-letters", DeadLetter.class),
            spec(prefix + ".action-log", ActionRecord.class))
        .groupId(group)
        .concurrency(1)
        // A short lock: the killed instance's record comes back to the next one within seconds.
        .lockDuration(Duration.ofSeconds(2))
        .listener(new RoleListener() {
          @Override
          public void committed(List<String> requestEventIds) {
            pause(pausePoint, "before-ack");
          }
        })
        .build();
    RoleService<SynthesisRequested, SynthesisCompleted> service = new RoleService<>(config, request -> {
      if (request.deliveryCount() == 1) {
        pause(pausePoint, "before-call");
      }
      ModelReply reply = request.callModel(registry, new ModelCall(MODEL, "synthesizer",
          List.of(UserMessage.from(request.value().getQuestion()))));
      if (request.deliveryCount() == 1) {
        pause(pausePoint, "after-call");
      }
      return SynthesisCompleted.newBuilder()
          .setEnvelope(request.replyEnvelope())
          .setCoaching(Coaching.newBuilder().setLabel("suggestion").setText(reply.text()).build())
          .setUsage(List.of(reply.usage()))
          .build();
    }).start();
    Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(service::close));
    System.out.println("READY");
    System.out.flush();
    Thread.currentThread().join();
  }

  private static void pause(String configured, String point) {
    if (configured.equals(point)) {
      System.out.println("PAUSED " + point);
      System.out.flush();
      try {
        Thread.sleep(Duration.ofHours(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> TopicSpec<V> spec(String name, Class<V> type) {
    return new TopicSpec<>(name, type, 1, TopicSpec.Cleanup.DELETE, "test");
  }
}
