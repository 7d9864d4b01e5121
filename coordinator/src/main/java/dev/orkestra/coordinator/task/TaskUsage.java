package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelUsage;
import java.util.List;

/**
 * What a task's model calls have used so far. Every accepted result's usage is counted once,
 * replayed or not: a replayed result stands for a call that was paid for once, and the machine
 * accepts one result per request, so a redelivered duplicate is never counted again.
 */
public record TaskUsage(long inputTokens, long outputTokens, double costUsd) {

  public static final TaskUsage NONE = new TaskUsage(0, 0, 0.0);

  public TaskUsage plus(List<ModelUsage> usage) {
    long in = inputTokens;
    long out = outputTokens;
    double cost = costUsd;
    for (ModelUsage each : usage == null ? List.<ModelUsage>of() : usage) {
      in += Math.max(0, each.getInputTokens());
      out += Math.max(0, each.getOutputTokens());
      cost += Double.isFinite(each.getCostUsd()) ? Math.max(0, each.getCostUsd()) : 0;
    }
    return new TaskUsage(in, out, cost);
  }

  public long tokens() {
    return inputTokens + outputTokens;
  }
}
