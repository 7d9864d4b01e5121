package dev.orkestra.runtime;

import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.models.Usage;

/** The model registry's {@link Usage} as the event contract's {@link ModelUsage}. */
public final class ModelUsages {

  private ModelUsages() {}

  /** A call just made: {@code replayed} is false. */
  public static ModelUsage from(Usage usage) {
    return ModelUsage.newBuilder()
        .setModelId(usage.modelId())
        .setProvider(usage.provider())
        .setInputTokens(usage.inputTokens())
        .setOutputTokens(usage.outputTokens())
        .setCostUsd(usage.costUsd())
        .setLatencyMs(usage.latencyMs())
        .setReplayed(false)
        .build();
  }

  /** The usage of a recorded call reported again: no money was spent this time. */
  static ModelUsage replayed(ModelUsage usage) {
    return ModelUsage.newBuilder(usage).setReplayed(true).build();
  }
}
