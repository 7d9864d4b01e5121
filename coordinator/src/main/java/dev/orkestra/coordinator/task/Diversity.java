package dev.orkestra.coordinator.task;

import dev.orkestra.events.common.ModelRef;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How different a reviewer must be from the author it reviews (seed 002: "Must be different model
 * than Planner / Implementer, to avoid blind spots"). The granularity is configurable; FAMILY is
 * the default, because two models of one family (gemini-pro reviewing gemini-flash) share most
 * blind spots, which is what the seed's rule is there to avoid.
 */
public enum Diversity {
  /** Any other model id (the seed's literal rule). */
  MODEL,
  /** Another model family ("claude", "gemini", "gpt", ...): the contracts' rule (ModelRef.family). */
  FAMILY,
  /** Another provider or worker kind ("anthropic", "gemini", "claude-cli", ...). */
  PROVIDER;

  /**
   * Why {@code candidate} may not review {@code author}'s work, or empty when it may. A family or
   * provider that is not declared cannot be shown to differ, so it never qualifies.
   */
  public Optional<String> conflict(ModelRef candidate, ModelRef author) {
    if (author == null) {
      return Optional.empty();
    }
    String what = switch (this) {
      case MODEL -> "model";
      case FAMILY -> "family";
      case PROVIDER -> "provider";
    };
    String mine = attribute(candidate);
    String theirs = attribute(author);
    if (blank(mine) || blank(theirs)) {
      return Optional.of(candidate.getModelId() + " cannot be shown to differ from author " + author.getModelId()
          + " (" + what + " not declared)");
    }
    if (!mine.strip().equalsIgnoreCase(theirs.strip())) {
      return Optional.empty();
    }
    return Optional.of(this == MODEL
        ? candidate.getModelId() + " is the author's own model"
        : candidate.getModelId() + " shares " + what + " " + mine + " with author " + author.getModelId());
  }

  private String attribute(ModelRef model) {
    return switch (this) {
      case MODEL -> model.getModelId();
      case FAMILY -> model.getFamily();
      case PROVIDER -> model.getProvider();
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Diversity> fromId(String text) {
    String wanted = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
    return Arrays.stream(values()).filter(d -> d.name().equals(wanted)).findFirst();
  }

  static String knownIds() {
    return Arrays.stream(values()).map(Diversity::id).collect(Collectors.joining(", "));
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }
}
