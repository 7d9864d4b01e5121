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

/** Creates registry topics that are missing; idempotent, so every start may call it. */
public final class TopicProvisioner {

  private TopicProvisioner() {}

  /** Ensures every topic exists; returns the names it created. */
  public static Set<String> ensure(Admin admin, Collection<TopicSpec<?>> topics, Duration timeout) {
    try {
      Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<TopicSpec<?>> missing = topics.stream().filter(spec -> !existing.contains(spec.name())).toList();
      if (missing.isEmpty()) {
        return Set.of();
      }
      short replicas = replicationFactor(admin, timeout);
      var result = admin.createTopics(missing.stream()
          .map(spec -> new NewTopic(spec.name(), spec.partitions(), replicas).configs(spec.configs()))
          .toList());
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
          }
        }
      }
      return result.values().keySet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list or create topics: " + e.getMessage(), e);
    }
  }

  /** Three replicas where the cluster has them, else as many as it has. */
  private static short replicationFactor(Admin admin, Duration timeout) {
    try {
      int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      return (short) Math.max(1, Math.min(3, brokers));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe cluster: " + e.getMessage(), e);
    }
  }
}
