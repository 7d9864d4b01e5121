package dev.orkestra.gate;

import dev.orkestra.gate.process.GateEnvironment;
import dev.orkestra.gate.process.Sandbox;
import dev.orkestra.runtime.ServiceContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The quality gate's settings ({@code orkestra.quality-gate.<key>}); a bad value stops the start
 * with a message naming the setting.
 *
 * @param concurrency requests handled at once (they mostly wait for their runs)
 * @param parallelRuns gate runs (builds) at once on this instance; a build uses every core it gets
 * @param commandTimeout a command's limit when quality.yml names none
 * @param gateTimeout the whole gate's limit: base and commit, every command, checkouts
 * @param network whether commands get a network namespace of their own
 * @param pass variables passed from the service's environment to the commands
 * @param path PATH for the commands; null = the service's
 * @param mavenHome a Maven user home ({@code .m2}) the builds share; null = none (each run starts empty)
 */
public record GateSettings(int concurrency, int parallelRuns, Duration commandTimeout, Duration gateTimeout,
    Sandbox.Network network, List<String> pass, String path, Path mavenHome) {

  static final String PREFIX = "orkestra." + QualityGateServiceProvider.ROLE + ".";
  /** One delivery's share of the 15 s record lock (docs/runtime.md). */
  static final Duration DELIVERY = Duration.ofSeconds(12);

  public GateSettings {
    if (concurrency < 1 || parallelRuns < 1) {
      throw new IllegalArgumentException(PREFIX + "concurrency and " + PREFIX + "parallel.runs must be at least 1");
    }
    if (commandTimeout.compareTo(gateTimeout) > 0) {
      throw new IllegalArgumentException(PREFIX + "command.timeout.seconds (" + commandTimeout.toSeconds()
          + ") is longer than " + PREFIX + "timeout.seconds (" + gateTimeout.toSeconds() + ")");
    }
    pass = List.copyOf(pass);
  }

  public static GateSettings defaults() {
    return new GateSettings(8, 1, Duration.ofMinutes(20), Duration.ofMinutes(45), Sandbox.Network.AUTO,
        GateEnvironment.DEFAULT_PASS, null, null);
  }

  public static GateSettings from(ServiceContext context) {
    GateSettings d = defaults();
    return new GateSettings(
        positive(context, "concurrency", d.concurrency()),
        positive(context, "parallel.runs", d.parallelRuns()),
        Duration.ofSeconds(positive(context, "command.timeout.seconds", (int) d.commandTimeout().toSeconds())),
        Duration.ofSeconds(positive(context, "timeout.seconds", (int) d.gateTimeout().toSeconds())),
        context.setting(PREFIX + "network").map(Sandbox.Network::parse).orElse(d.network()),
        context.setting(PREFIX + "env.pass").map(v -> Arrays.stream(v.split(",")).map(String::strip)
            .filter(s -> !s.isEmpty()).toList()).orElse(d.pass()),
        context.setting(PREFIX + "path").orElse(null),
        context.setting(PREFIX + "maven.home").map(Path::of).orElse(null));
  }

  /**
   * How many deliveries a request may take: its own run and one run ahead of it on this instance,
   * in 12 s deliveries, and some to spare. A gate request carries no deadline (the coordinator's
   * task requests never do), so this is what bounds it.
   */
  public int maxContinuations() {
    return (int) Math.ceilDiv(gateTimeout.toMillis() * 2, DELIVERY.toMillis()) + 10;
  }

  /** An attempt longer than any delivery, so the runtime cuts it at the lock (a continuation), never as a timeout. */
  public Duration handlerTimeout() {
    return gateTimeout.multipliedBy(2);
  }

  private static int positive(ServiceContext context, String key, int fallback) {
    String value = context.setting(PREFIX + key).orElse(null);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PREFIX + key + ": '" + value + "' is not a positive whole number");
    }
  }
}
