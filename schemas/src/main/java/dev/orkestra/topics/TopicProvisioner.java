package dev.orkestra.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates registry topics that are missing; idempotent, so every start may call it. */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /** Ensures every registry topic exists; returns the names it created. */
  public static Set<String> ensure(Admin admin, Collection<TopicSpec<?>> topics, Duration timeout) {
    Set<String> existing = existing(admin, timeout);
    List<TopicSpec<?>> missing = topics.stream().filter(spec -> !existing.contains(spec.name())).toList();
    if (missing.isEmpty()) {
      return Set.of();
    }
    short replicas = (short) replicationFactor(admin, timeout);
    return create(admin, missing.stream()
        .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicas).configs(spec.configs()))
        .toList(), timeout);
  }

  /**
   * Ensures every topic exists, created as given where missing (topics a service owns, with their own
   * settings); returns the names it created.
   */
  public static Set<String> ensureTopics(Admin admin, Collection<NewTopic> topics, Duration timeout) {
    Set<String> existing = existing(admin, timeout);
    return create(admin, topics.stream().filter(topic -> !existing.contains(topic.name())).toList(), timeout);
  }

  private static Set<String> existing(Admin admin, Duration timeout) {
    try {
      return admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list topics: " + e.getMessage(), e);
    }
  }

  /** Creates the topics (one created meanwhile by someone else is fine) and waits until brokers list them. */
  private static Set<String> create(Admin admin, List<NewTopic> topics, Duration timeout) {
    if (topics.isEmpty()) {
      return Set.of();
    }
    try {
      var result = admin.createTopics(topics);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
      awaitVisible(admin, result.values().keySet(), timeout);
      return result.values().keySet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topics: " + e.getMessage(), e);
    }
  }

  /**
   * A created topic reaches the brokers' metadata a moment after the controller accepted it; a
   * consumer that looks it up earlier finds no partitions (a Streams global store fails at once),
   * so wait until a broker describes them.
   */
  private static void awaitVisible(Admin admin, Set<String> topics, Duration timeout)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.describeTopics(topics).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
          throw new IllegalStateException("topics " + topics + " did not become visible: " + e.getCause(), e);
        }
        Thread.sleep(20); // metadata propagation has no event to wait on through the Admin API
      }
    }
  }

  /**
   * The replication factor of every topic Orkestra creates (registry topics, the coordinator's own
   * and its Streams-internal ones, unless configured): three replicas where the cluster has them,
   * else as many as it has.
   */
  public static int replicationFactor(Admin admin, Duration timeout) {
    try {
      int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      return Math.max(1, Math.min(3, brokers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe cluster: " + e.getMessage(), e);
    }
  }
}
