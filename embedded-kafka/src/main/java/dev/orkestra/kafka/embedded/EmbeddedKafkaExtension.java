package dev.orkestra.kafka.embedded;

import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the one embedded broker of this test JVM, with every registry
 * topic created. Started on first use, closed (and its data deleted) when the JVM's tests end.
 *
 * <p>One broker per JVM keeps a suite on 2 cores fast; tests isolate themselves with their own
 * group ids, transactional ids and, where they need them, their own topics.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    broker(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context);
  }

  /** The JVM-wide broker, started on first call. */
  public static EmbeddedKafkaBroker broker(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent("broker", key -> new ClosableBroker(startForTests()), ClosableBroker.class)
        .broker();
  }

  private static EmbeddedKafkaBroker startForTests() {
    // A broker thread that hits a fatal error calls Exit.halt: in a test JVM that must become a
    // failing test, not a vanished surefire fork.
    Exit.setExitProcedure((status, message) -> {
      throw new IllegalStateException("Kafka asked to exit(" + status + "): " + message);
    });
    Exit.setHaltProcedure((status, message) -> {
      throw new IllegalStateException("Kafka asked to halt(" + status + "): " + message);
    });
    Path parent = Path.of(System.getProperty("java.io.tmpdir"));
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary(parent));
    broker.createTopics(Topics.ALL);
    return broker;
  }

  private record ClosableBroker(EmbeddedKafkaBroker broker) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      broker.close();
    }
  }
}
