package dev.orkestra.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.coordinator.task.BudgetPolicy;
import dev.orkestra.coordinator.task.TaskConfig;
import dev.orkestra.events.task.Budget;
import dev.orkestra.runtime.ServiceContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskSettingsTest {

  /** Seed 002's three models, as a registry declares them. */
  private static final String SEED_MODELS = """
      models:
        - {id: claude-sonnet, provider: anthropic, model: claude-sonnet-4-5, apiKeyEnv: ANTHROPIC_API_KEY, family: claude,
             inputPricePerMillion: 3, outputPricePerMillion: 15}
        - {id: gemini-pro, provider: gemini, model: gemini-2.5-pro, apiKeyEnv: GEMINI_API_KEY, family: gemini,
             inputPricePerMillion: 1.25, outputPricePerMillion: 10}
        - {id: gemini-flash, provider: gemini, model: gemini-2.5-flash, apiKeyEnv: GEMINI_API_KEY, family: gemini,
             inputPricePerMillion: 0.3, outputPricePerMillion: 2.5}
      """;

  @TempDir
  Path dir;

  @Test
  void withTheSeedModelsDeclaredTheTaskPipelineRunsWithSeed002sDefaults() throws IOException {
    Optional<TaskConfig> tasks = TaskSettings.from(context(models(SEED_MODELS), Map.of()));

    assertThat(tasks).hasValueSatisfying(config -> {
      assertThat(config.stepConcurrency()).isEqualTo(1);
      assertThat(config.clockInterval()).isEqualTo(Duration.ofSeconds(1));
      assertThat(config.budgets().timeLimit(Budget.newBuilder().build())).contains(BudgetPolicy.SEED_TIME_LIMIT);
      assertThat(config.router().diversity().id()).isEqualTo("family");
    });
  }

  @Test
  void whenTheRegistryLacksTheTablesModelsAndNobodyAskedTheTaskPipelineIsOff() {
    assertThat(TaskSettings.from(context(dir.resolve("missing.yaml"), Map.of()))).isEmpty();
  }

  @Test
  void askedForExplicitlyATableThatCannotBeLoadedStopsTheStart() {
    assertThatThrownBy(() -> TaskSettings.from(context(dir.resolve("missing.yaml"),
        Map.of(TaskSettings.ENABLED, "true"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("task pipeline: ")
        .hasMessageContaining("claude-sonnet");
  }

  @Test
  void offWhenSwitchedOffEvenWithEverythingDeclared() throws IOException {
    assertThat(TaskSettings.from(context(models(SEED_MODELS), Map.of(TaskSettings.ENABLED, "false")))).isEmpty();
  }

  @Test
  void everySettingIsRead() throws IOException {
    Path table = Files.writeString(dir.resolve("routing.yaml"), """
        diversity: model
        rules:
          - {role: planner, models: [gpt-mini]}
        """);
    Optional<TaskConfig> tasks = TaskSettings.from(context(models("""
        models:
          - {id: gpt-mini, provider: openai, model: gpt-4o-mini, apiKeyEnv: OPENAI_API_KEY, family: gpt,
               inputPricePerMillion: 0.15, outputPricePerMillion: 0.6}
        """), Map.of(TaskSettings.ROUTING_FILE, table.toString(), TaskSettings.STEP_CONCURRENCY, "2",
        TaskSettings.TIME_LIMIT, "60000", TaskSettings.MAX_TOKENS, "5000", TaskSettings.CLOCK_INTERVAL, "200")));

    assertThat(tasks).hasValueSatisfying(config -> {
      assertThat(config.router().diversity().id()).isEqualTo("model");
      assertThat(config.stepConcurrency()).isEqualTo(2);
      assertThat(config.clockInterval()).isEqualTo(Duration.ofMillis(200));
      assertThat(config.budgets().timeLimit(Budget.newBuilder().build())).contains(Duration.ofMinutes(1));
      assertThat(config.budgets().overspent(Budget.newBuilder().build(),
          new dev.orkestra.coordinator.task.TaskUsage(4000, 1001, 0))).isPresent();
    });
  }

  @Test
  void badValuesNameTheSetting() throws IOException {
    Path models = models(SEED_MODELS);
    assertThatThrownBy(() -> TaskSettings.from(context(models, Map.of(TaskSettings.MAX_TOKENS, "lots"))))
        .hasMessage(TaskSettings.MAX_TOKENS + " must be a whole number, was 'lots'");
    assertThatThrownBy(() -> TaskSettings.from(context(models, Map.of(TaskSettings.MAX_COST_PER_DAY, "$5"))))
        .hasMessage(TaskSettings.MAX_COST_PER_DAY + " must be an amount in US dollars, was '$5'");
    assertThatThrownBy(() -> TaskSettings.from(context(models, Map.of(TaskSettings.MAX_COST_PER_DAY, "-1"))))
        .hasMessageContaining("daily cost limit must be a positive amount");
    assertThat(TaskSettings.from(context(models, Map.of(TaskSettings.MAX_COST_PER_DAY, "2.5"))).orElseThrow()
        .budgets().overDaily(2.6)).isPresent();
    assertThatThrownBy(() -> TaskSettings.from(context(models, Map.of(TaskSettings.STEP_CONCURRENCY, "0"))))
        .hasMessage("stepConcurrency must be at least 1, was 0");
  }

  private Path models(String yaml) throws IOException {
    return Files.writeString(dir.resolve("models.yaml"), yaml);
  }

  private ServiceContext context(Path modelsFile, Map<String, String> settings) {
    return new ServiceContext("localhost:9092", dir.resolve("data"), modelsFile, settings);
  }
}
