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
 * @param role role name, e.g. {@code extractor}; names the share group and transactional ids
 * @param kafka how its clients reach the cluster (bootstrap servers and pass-through properties)
 * @param instanceId unique per running instance (transactional ids must not collide)
 * @param groupId share group: every instance of a role shares one queue
 * @param concurrency handlers running at once (virtual threads), spread over the lanes
 * @param lanes share consumers of this instance; each holds one batch at a time (see {@link WorkLane})
 * @param maxAttempts in-process attempts per delivery for transient failures
 * @param maxDeliveries broker deliveries before a record that never completes (a worker crash each
 *     time) is dead-lettered; must stay below the broker's {@code group.share.delivery.count.limit}
 *     (5), past which the broker archives it silently
 * @param handlerTimeout one attempt's limit (never beyond the request's deadline); a slower attempt
 *     is interrupted and retried
 * @param shutdownTimeout how long a graceful stop waits for in-flight handlers
 * @param lockDuration the record lock the role asks its share group for: how soon a crashed
 *     instance's work comes back to the others, and how long one delivery may take (work that takes
 *     longer is continued in a new delivery, see {@link Outcome.Continued})
 * @param actionLogLookback how far back an instance reads its action log at start: longer than any
 *     request can stay unfinished (deliveries × attempts × timeout), shorter than the topic's retention
 * @param maxContinuations how many times a request without a deadline may be continued before it
 *     fails ({@code too_long}): with 12 s deliveries the default 60 is about 12 minutes of work; a
 *     role whose work takes longer (a build) raises it
 * @param listener hears what the service does (metrics, fault-injection tests)
 */
public record RoleServiceConfig<Q extends SpecificRecord, R extends SpecificRecord>(
    String role,
    KafkaConnection kafka,
    String instanceId,
    String groupId,
    TopicSpec<Q> requests,
    TopicSpec<R> results,
    TopicSpec<Failure> failures,
    TopicSpec<DeadLetter> deadLetters,
    TopicSpec<ActionRecord> actionLog,
    int concurrency,
    int lanes,
    int maxAttempts,
    Backoff backoff,
    int maxDeliveries,
    Duration handlerTimeout,
    Duration shutdownTimeout,
    Duration lockDuration,
    Duration actionLogLookback,
    int maxContinuations,
    RoleListener listener) {

  static final int BROKER_DELIVERY_LIMIT = 5;
  /** Without a request deadline, how many deliveries one request may take before it fails. */
  public static final int DEFAULT_MAX_CONTINUATIONS = 60;

  public RoleServiceConfig {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(listener, "listener");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(results, "results");
    if (role == null || !role.matches("[a-z][a-z0-9-]{1,40}")) {
      throw new IllegalArgumentException("invalid role name: " + role);
    }
    if (concurrency < 1 || lanes < 1 || maxAttempts < 1 || maxDeliveries < 1 || maxContinuations < 1) {
      throw new IllegalArgumentException("concurrency, lanes, maxAttempts, maxDeliveries and maxContinuations must be >= 1");
    }
    if (maxDeliveries >= BROKER_DELIVERY_LIMIT) {
      throw new IllegalArgumentException("maxDeliveries must be below the broker's delivery count limit ("
          + BROKER_DELIVERY_LIMIT + ")");
    }
    lanes = Math.min(lanes, concurrency);
  }

  /** A builder with the defaults of a role on the registry's shared topics. */
  public static <Q extends SpecificRecord, R extends SpecificRecord> Builder<Q, R> builder(
      String role, KafkaConnection kafka, TopicSpec<Q> requests, TopicSpec<R> results) {
    return new Builder<>(role, kafka, requests, results);
  }

  /** As {@link #builder(String, KafkaConnection, TopicSpec, TopicSpec)} with plain bootstrap servers. */
  public static <Q extends SpecificRecord, R extends SpecificRecord> Builder<Q, R> builder(
      String role, String bootstrapServers, TopicSpec<Q> requests, TopicSpec<R> results) {
    return new Builder<>(role, KafkaConnection.of(bootstrapServers), requests, results);
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Name written into the envelope's {@code producer}. */
  public String producerName() {
    return role + "@" + instanceId;
  }

  /** Records one lane takes per poll: the concurrency shared out over the lanes. */
  int laneBatch() {
    return Math.ceilDiv(concurrency, lanes);
  }

  public static final class Builder<Q extends SpecificRecord, R extends SpecificRecord> {
    private final String role;
    private final KafkaConnection kafka;
    private final TopicSpec<Q> requests;
    private final TopicSpec<R> results;
    private String instanceId;
    private String groupId;
    private TopicSpec<Failure> failures = Topics.FAILURES;
    private TopicSpec<DeadLetter> deadLetters = Topics.DEAD_LETTERS;
    private TopicSpec<ActionRecord> actionLog = Topics.ACTION_LOG;
    // Role work is I/O-bound (models, git): 16 handlers keep a core busy without flooding a model endpoint.
    private int concurrency = 16;
    // Two lanes: while one waits for the last record of its batch, the other fetches.
    private int lanes = 2;
    private int maxAttempts = 3;
    private Backoff backoff = Backoff.DEFAULT;
    private int maxDeliveries = 3;
    private Duration handlerTimeout = Duration.ofMinutes(2);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    // The smallest lock a default cluster allows (group.share.min.record.lock.duration.ms): a crashed
    // instance's records come back to the others in 15 s; longer work is continued, delivery by delivery.
    private Duration lockDuration = Duration.ofSeconds(15);
    private Duration actionLogLookback = Duration.ofHours(1);
    private int maxContinuations = DEFAULT_MAX_CONTINUATIONS;
    private RoleListener listener = RoleListener.NONE;

    private Builder(String role, KafkaConnection kafka, TopicSpec<Q> requests, TopicSpec<R> results) {
      this.role = role;
      this.kafka = kafka;
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

    public Builder<Q, R> lanes(int value) {
      lanes = value;
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

    public Builder<Q, R> lockDuration(Duration value) {
      lockDuration = value;
      return this;
    }

    public Builder<Q, R> actionLogLookback(Duration value) {
      actionLogLookback = value;
      return this;
    }

    public Builder<Q, R> maxContinuations(int value) {
      maxContinuations = value;
      return this;
    }

    public Builder<Q, R> listener(RoleListener value) {
      listener = value;
      return this;
    }

    public RoleServiceConfig<Q, R> build() {
      return new RoleServiceConfig<>(role, kafka, instanceId, groupId, requests, results, failures, deadLetters,
          actionLog, concurrency, lanes, maxAttempts, backoff, maxDeliveries, handlerTimeout, shutdownTimeout,
          lockDuration, actionLogLookback, maxContinuations, listener);
    }
  }
}
