package dev.orkestra.runtime;

import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.common.Failure;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * How one role service runs: its topics, its concurrency and its failure policy.
 *
 * @param role role name, e.g. {@code extractor}; names the share group and transactional id
 * @param instanceId unique per running instance (transactional ids must not collide)
 * @param groupId share group: every instance of a role shares one queue
 * @param concurrency handlers running at once (virtual threads); also the share fetch size
 * @param maxAttempts in-process attempts per delivery for transient failures
 * @param maxDeliveries broker deliveries before a record that never completes (a worker crash or
 *     lock expiry each time) is dead-lettered; must stay below the broker's
 *     {@code group.share.delivery.count.limit} (5), past which the broker archives it silently
 * @param handlerTimeout one attempt's limit; a slower handler is interrupted and retried
 * @param shutdownTimeout how long a graceful stop waits for in-flight handlers
 */
public record RoleServiceConfig<Q extends SpecificRecord, R extends SpecificRecord>(
    String role,
    String bootstrapServers,
    String instanceId,
    String groupId,
    TopicSpec<Q> requests,
    TopicSpec<R> results,
    TopicSpec<Failure> failures,
    TopicSpec<DeadLetter> deadLetters,
    TopicSpec<ActionRecord> actionLog,
    int concurrency,
    int maxAttempts,
    Backoff backoff,
    int maxDeliveries,
    Duration handlerTimeout,
    Duration shutdownTimeout) {

  static final int BROKER_DELIVERY_LIMIT = 5;

  public RoleServiceConfig {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(results, "results");
    if (role == null || !role.matches("[a-z][a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("invalid role name: " + role);
    }
    if (concurrency < 1 || maxAttempts < 1 || maxDeliveries < 1) {
      throw new IllegalArgumentException("concurrency, maxAttempts and maxDeliveries must be >= 1");
    }
    if (maxDeliveries >= BROKER_DELIVERY_LIMIT) {
      throw new IllegalArgumentException("maxDeliveries must be below the broker's delivery count limit ("
          + BROKER_DELIVERY_LIMIT + ")");
    }
  }

  /** A builder with the defaults of a role on the registry's shared topics. */
  public static <Q extends SpecificRecord, R extends SpecificRecord> Builder<Q, R> builder(
      String role, String bootstrapServers, TopicSpec<Q> requests, TopicSpec<R> results) {
    return new Builder<>(role, bootstrapServers, requests, results);
  }

  /** Name written into the envelope's {@code producer}. */
  public String producerName() {
    return role + "@" + instanceId;
  }

  public static final class Builder<Q extends SpecificRecord, R extends SpecificRecord> {
    private final String role;
    private final String bootstrapServers;
    private final TopicSpec<Q> requests;
    private final TopicSpec<R> results;
    private String instanceId;
    private String groupId;
    private TopicSpec<Failure> failures = Topics.FAILURES;
    private TopicSpec<DeadLetter> deadLetters = Topics.DEAD_LETTERS;
    private TopicSpec<ActionRecord> actionLog = Topics.ACTION_LOG;
    // Role work is I/O-bound (models, git): 16 handlers keep a core busy without flooding a model endpoint.
    private int concurrency = 16;
    private int maxAttempts = 3;
    private Backoff backoff = Backoff.DEFAULT;
    private int maxDeliveries = 3;
    private Duration handlerTimeout = Duration.ofMinutes(2);
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    private Builder(String role, String bootstrapServers, TopicSpec<Q> requests, TopicSpec<R> results) {
      this.role = role;
      this.bootstrapServers = bootstrapServers;
      this.requests = requests;
      this.results = results;
      this.instanceId = InstanceIds.next(role);
      this.groupId = "orkestra." + role;
    }

    public Builder<Q, R> instanceId(String value) {
      instanceId = value;
      return this;
    }

    public Builder<Q, R> groupId(String value) {
      groupId = value;
      return this;
    }

    public Builder<Q, R> sharedTopics(TopicSpec<Failure> failureTopic, TopicSpec<DeadLetter> deadLetterTopic,
        TopicSpec<ActionRecord> actionLogTopic) {
      failures = failureTopic;
      deadLetters = deadLetterTopic;
      actionLog = actionLogTopic;
      return this;
    }

    public Builder<Q, R> concurrency(int value) {
      concurrency = value;
      return this;
    }

    public Builder<Q, R> retries(int attempts, Backoff value) {
      maxAttempts = attempts;
      backoff = value;
      return this;
    }

    public Builder<Q, R> maxDeliveries(int value) {
      maxDeliveries = value;
      return this;
    }

    public Builder<Q, R> handlerTimeout(Duration value) {
      handlerTimeout = value;
      return this;
    }

    public Builder<Q, R> shutdownTimeout(Duration value) {
      shutdownTimeout = value;
      return this;
    }

    public RoleServiceConfig<Q, R> build() {
      return new RoleServiceConfig<>(role, bootstrapServers, instanceId, groupId, requests, results, failures,
          deadLetters, actionLog, concurrency, maxAttempts, backoff, maxDeliveries, handlerTimeout, shutdownTimeout);
    }
  }
}
