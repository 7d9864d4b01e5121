package dev.orkestra.planner.plan;

import dev.orkestra.events.task.Complexity;
import dev.orkestra.events.task.Risk;
import dev.orkestra.events.task.StepType;
import java.util.Map;

/**
 * The words models use for a step's type, risk and complexity, mapped onto the contract's enums. A
 * word not listed maps to the enum's own default, which the contract chose as the cautious one:
 * an unknown risk is HIGH, an unknown complexity LARGE (more scrutiny, a stronger model), an
 * unknown type OTHER. A bare "refactor" is IMPLEMENTATION, not SIMPLE_REFACTOR: routing sends simple
 * refactors to the cheapest model, and nothing says this one is simple.
 */
public final class StepVocabulary {

  private static final Map<String, StepType> TYPES = Map.ofEntries(
      Map.entry("analysis", StepType.ANALYSIS), Map.entry("analyze", StepType.ANALYSIS),
      Map.entry("analyse", StepType.ANALYSIS), Map.entry("research", StepType.ANALYSIS),
      Map.entry("investigation", StepType.ANALYSIS), Map.entry("investigate", StepType.ANALYSIS),
      Map.entry("exploration", StepType.ANALYSIS), Map.entry("explore", StepType.ANALYSIS),
      Map.entry("design", StepType.ANALYSIS), Map.entry("discovery", StepType.ANALYSIS),
      Map.entry("implementation", StepType.IMPLEMENTATION), Map.entry("implement", StepType.IMPLEMENTATION),
      Map.entry("code", StepType.IMPLEMENTATION), Map.entry("coding", StepType.IMPLEMENTATION),
      Map.entry("feature", StepType.IMPLEMENTATION), Map.entry("development", StepType.IMPLEMENTATION),
      Map.entry("fix", StepType.IMPLEMENTATION), Map.entry("bugfix", StepType.IMPLEMENTATION),
      Map.entry("refactor", StepType.IMPLEMENTATION), Map.entry("refactoring", StepType.IMPLEMENTATION),
      Map.entry("testing", StepType.TESTING), Map.entry("test", StepType.TESTING),
      Map.entry("tests", StepType.TESTING), Map.entry("unittests", StepType.TESTING),
      Map.entry("integrationtests", StepType.TESTING),
      Map.entry("validation", StepType.VALIDATION), Map.entry("validate", StepType.VALIDATION),
      Map.entry("verification", StepType.VALIDATION), Map.entry("verify", StepType.VALIDATION),
      Map.entry("check", StepType.VALIDATION), Map.entry("qualitygate", StepType.VALIDATION),
      Map.entry("docs", StepType.DOCS), Map.entry("doc", StepType.DOCS),
      Map.entry("documentation", StepType.DOCS), Map.entry("readme", StepType.DOCS),
      Map.entry("comments", StepType.COMMENTS), Map.entry("comment", StepType.COMMENTS),
      Map.entry("docstrings", StepType.COMMENTS), Map.entry("docstring", StepType.COMMENTS),
      Map.entry("simplerefactor", StepType.SIMPLE_REFACTOR), Map.entry("rename", StepType.SIMPLE_REFACTOR),
      Map.entry("other", StepType.OTHER));

  private static final Map<String, Risk> RISKS = Map.ofEntries(
      Map.entry("low", Risk.LOW), Map.entry("minor", Risk.LOW), Map.entry("minimal", Risk.LOW),
      Map.entry("medium", Risk.MEDIUM), Map.entry("moderate", Risk.MEDIUM), Map.entry("med", Risk.MEDIUM),
      Map.entry("mid", Risk.MEDIUM), Map.entry("normal", Risk.MEDIUM),
      Map.entry("high", Risk.HIGH), Map.entry("critical", Risk.HIGH), Map.entry("major", Risk.HIGH),
      Map.entry("severe", Risk.HIGH));

  private static final Map<String, Complexity> COMPLEXITIES = Map.ofEntries(
      Map.entry("trivial", Complexity.TRIVIAL), Map.entry("tiny", Complexity.TRIVIAL),
      Map.entry("xs", Complexity.TRIVIAL),
      Map.entry("small", Complexity.SMALL), Map.entry("low", Complexity.SMALL), Map.entry("simple", Complexity.SMALL),
      Map.entry("easy", Complexity.SMALL), Map.entry("s", Complexity.SMALL),
      Map.entry("medium", Complexity.MEDIUM), Map.entry("moderate", Complexity.MEDIUM),
      Map.entry("mid", Complexity.MEDIUM), Map.entry("m", Complexity.MEDIUM),
      Map.entry("large", Complexity.LARGE), Map.entry("high", Complexity.LARGE), Map.entry("complex", Complexity.LARGE),
      Map.entry("hard", Complexity.LARGE), Map.entry("big", Complexity.LARGE), Map.entry("l", Complexity.LARGE),
      Map.entry("xl", Complexity.LARGE), Map.entry("huge", Complexity.LARGE));

  private StepVocabulary() {}

  public static StepType type(String word) {
    return word == null ? StepType.OTHER : TYPES.getOrDefault(JsonFields.normalized(word), StepType.OTHER);
  }

  /** @param absent the risk of a step that names none (the task's) */
  public static Risk risk(String word, Risk absent) {
    return word == null ? absent : RISKS.getOrDefault(JsonFields.normalized(word), Risk.HIGH);
  }

  public static Complexity complexity(String word) {
    return word == null ? Complexity.MEDIUM : COMPLEXITIES.getOrDefault(JsonFields.normalized(word), Complexity.LARGE);
  }
}
