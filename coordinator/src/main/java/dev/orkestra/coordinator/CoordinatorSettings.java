package dev.orkestra.coordinator;

import dev.orkestra.runtime.ServiceContext;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@link CoordinatorConfig} from service settings {@code orkestra.coordinator.<key>}
 * (environment {@code ORKESTRA_COORDINATOR_<KEY>} or {@code -Dorkestra.coordinator.<key>}).
 * Durations are milliseconds; anything unset keeps its default.
 */
public final class CoordinatorSettings {

  public static final String PREFIX = "orkestra.coordinator.";
  public static final String APPLICATION_ID = PREFIX + "application.id";
  public static final String INSTANCE_ID = PREFIX + "instance.id";
  public static final String RETRIEVAL_TIMEOUT = PREFIX + "retrieval.timeout.ms";
  public static final String VERIFICATION_TIMEOUT = PREFIX + "verification.timeout.ms";
  public static final String SYNTHESIS_TIMEOUT = PREFIX + "synthesis.timeout.ms";
  public static final String COMPOSITION_TIMEOUT = PREFIX + "composition.timeout.ms";
  public static final String AUDIT_TIMEOUT = PREFIX + "audit.timeout.ms";
  public static final String CACHE_TTL = PREFIX + "cache.ttl.ms";
  public static final String REF_REUSE = PREFIX + "ref.reuse.ms";
  public static final String DEADLINE_CHECK_INTERVAL = PREFIX + "deadline.check.interval.ms";
  public static final String COMMIT_INTERVAL = PREFIX + "commit.interval.ms";
  public static final String REPLICATION_FACTOR = PREFIX + "replication.factor";
  public static final String STREAM_THREADS = PREFIX + "stream.threads";
  public static final String MAX_RECORD_BYTES = PREFIX + "max.record.bytes";

  private CoordinatorSettings() {}

  public static CoordinatorConfig from(ServiceContext context) {
    CoordinatorConfig defaults = CoordinatorConfig.defaults();
    StageTimeouts timeouts = defaults.timeouts();
    return new CoordinatorConfig(
        context.setting(APPLICATION_ID).orElse(defaults.applicationId()),
        context.setting(INSTANCE_ID).orElse(defaults.instanceId()),
        new StageTimeouts(
            millis(context, RETRIEVAL_TIMEOUT).orElse(timeouts.retrieval()),
            millis(context, VERIFICATION_TIMEOUT).orElse(timeouts.verification()),
            millis(context, SYNTHESIS_TIMEOUT).orElse(timeouts.synthesis()),
            millis(context, COMPOSITION_TIMEOUT).orElse(timeouts.composition()),
            millis(context, AUDIT_TIMEOUT).orElse(timeouts.audit())),
        millis(context, CACHE_TTL).orElse(defaults.cacheTtl()),
        millis(context, REF_REUSE).orElse(defaults.refReuse()),
        millis(context, DEADLINE_CHECK_INTERVAL).orElse(defaults.deadlineCheckInterval()),
        millis(context, COMMIT_INTERVAL).orElse(defaults.commitInterval()),
        integer(context, REPLICATION_FACTOR).orElse(defaults.replicationFactor()),
        integer(context, STREAM_THREADS).orElse(defaults.streamThreads()),
        integer(context, MAX_RECORD_BYTES).orElse(defaults.maxRecordBytes()));
  }

  static Optional<Duration> millis(ServiceContext context, String key) {
    return integer(context, key).map(Duration::ofMillis);
  }

  static Optional<Integer> integer(ServiceContext context, String key) {
    return parsed(context, key, Integer::parseInt, "a whole number");
  }

  /** The setting read by {@code parse}; a value it cannot read stops the start naming the setting and {@code what}. */
  static <T> Optional<T> parsed(ServiceContext context, String key, Function<String, T> parse, String what) {
    return context.setting(key).map(String::strip).map(value -> {
      try {
        return parse.apply(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be " + what + ", was '" + value + "'");
      }
    });
  }
}
