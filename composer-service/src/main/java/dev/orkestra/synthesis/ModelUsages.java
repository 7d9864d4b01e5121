package dev.orkestra.synthesis;

import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.models.Usage;

/** The model registry's {@link Usage} as the event contract's {@link ModelUsage}. */
public final class ModelUsages {

  private ModelUsages() {}

  /** A fresh call: {@code replayed} is false (the runtime's action log marks replays itself). */
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
}
