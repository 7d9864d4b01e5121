package dev.orkestra.models;

/**
 * What one model call consumed. Mirrors the {@code ModelUsage} event record.
 *
 * @param provider  the provider id, e.g. {@code openai}
 * @param latencyMs time the model took to answer, not counting the wait for a free concurrency slot
 * @param estimated true when at least one token count was estimated (ceil(chars / 4)) instead of reported
 */
public record Usage(
    String modelId,
    String provider,
    long inputTokens,
    long outputTokens,
    double costUsd,
    long latencyMs,
    boolean estimated) {
}
