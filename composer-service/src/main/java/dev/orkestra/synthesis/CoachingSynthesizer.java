package dev.orkestra.synthesis;

import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerifiedExcerpt;
import dev.orkestra.models.ModelCall;
import dev.orkestra.models.ModelCallException;
import dev.orkestra.models.ModelConfigException;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.models.ModelSpec;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.ModelCaller;
import dev.orkestra.runtime.ModelFailures;
import dev.orkestra.runtime.ModelReply;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.TransientFailureException;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes labelled coaching from verified excerpts with one model call. What it cannot write, it does
 * not invent: the outcome is then no coaching and a {@code NOT_AVAILABLE: …} reason.
 */
public final class CoachingSynthesizer {

  /** The role the registry is called as; scripted models pick their answers by it. */
  public static final String ROLE = "synthesizer";

  static final String NO_EXCERPTS = "NOT_AVAILABLE: no verified excerpts to base coaching on";
  private static final int MAX_REASON_CHARS = 500;

  private static final Logger log = LoggerFactory.getLogger(CoachingSynthesizer.class);

  /** Coaching, or why there is none; plus what the call cost. */
  public record Outcome(Coaching coaching, String failureReason, List<ModelUsage> usage) {

    static Outcome unavailable(String reason, List<ModelUsage> usage) {
      return new Outcome(null, reason, usage);
    }
  }

  private final SynthesisModelChoice models;

  public CoachingSynthesizer(SynthesisModelChoice models) {
    this.models = models;
  }

  /**
   * @param callers how calls to the chosen registry are made: once per request, through the runtime's
   *     action log ({@code RoleRequest::models})
   * @throws InvalidRequestException when the question is missing
   * @throws TransientFailureException when the model call failed in a way a retry may fix
   */
  public Outcome synthesize(SynthesisRequested request, Function<ModelRegistry, ModelCaller> callers)
      throws Exception {
    if (request.getQuestion() == null || request.getQuestion().isBlank()) {
      throw new InvalidRequestException("question", "is required for coaching");
    }
    List<VerifiedExcerpt> verified = request.getVerified();
    if (verified.isEmpty()) {
      return Outcome.unavailable(NO_EXCERPTS, List.of());
    }
    ModelSpec spec;
    switch (models.choose(request.getModel())) {
      case RoleModelChoice.Choice.Unavailable u -> {
        return Outcome.unavailable(u.reason(), List.of());
      }
      case RoleModelChoice.Choice.Chosen c -> spec = c.spec();
    }
    ModelReply result;
    try {
      result = callers.apply(models.registry().orElseThrow()).call(new ModelCall(spec.id(), ROLE,
          CoachingPrompt.messages(request.getQuestion(), request.getRepo(), verified)));
    } catch (ModelCallException | ModelConfigException e) {
      // Only the model's own failures: what the runtime throws (the request was handled elsewhere) goes through.
      if (ModelFailures.isTransient(e)) {
        throw new TransientFailureException("coaching model '" + spec.id() + "' failed: " + e.getMessage(), e);
      }
      // Configuration a retry cannot fix: the answer says so instead of failing the query.
      log.warn("synthesizer: model '{}' cannot write coaching: {}", spec.id(), e.getMessage());
      return Outcome.unavailable(cap("NOT_AVAILABLE: coaching model '" + spec.id() + "' failed: " + e.getMessage()),
          List.of());
    }
    ModelUsage usage = result.usage();
    String text = result.text() == null ? "" : result.text().strip();
    if (text.isEmpty()) {
      return Outcome.unavailable("NOT_AVAILABLE: coaching model '" + spec.id() + "' returned no text", List.of(usage));
    }
    if (text.startsWith("NOT_AVAILABLE")) {
      // The model says the excerpts do not support an answer: that is a reason, not a suggestion.
      return Outcome.unavailable(normalizeNotAvailable(text), List.of(usage));
    }
    Coaching coaching = Coaching.newBuilder()
        .setLabel(Coachings.LABEL)
        .setText(text)
        .setBasedOn(verified.stream().map(v -> v.getCandidate().getCandidateId()).toList())
        .setModel(ModelRef.newBuilder()
            .setModelId(spec.id())
            .setFamily(spec.family())
            .setProvider(spec.provider().id())
            .build())
        .build();
    return new Outcome(coaching, null, List.of(usage));
  }

  private static String normalizeNotAvailable(String text) {
    String rest = text.substring("NOT_AVAILABLE".length()).replaceFirst("^[:\\s]+", "");
    return cap(rest.isEmpty() ? "NOT_AVAILABLE: the verified excerpts do not support coaching" : "NOT_AVAILABLE: " + rest);
  }

  private static String cap(String reason) {
    return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS) + "…";
  }
}
