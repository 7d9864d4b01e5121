package dev.orkestra.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model registry for the task pipeline in tests: the three models seed 002's routing table names
 * (claude-sonnet of family claude; gemini-pro and gemini-flash of family gemini), all answering
 * from one script file through the scripted provider, priced so that cost is counted.
 */
final class TaskModels {

  private TaskModels() {}

  /** Writes {@code models.yaml} and {@code task-script.yaml} (the given entries) into {@code dir}. */
  static Path scripted(Path dir, String scriptEntries) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("task-script.yaml"), scriptEntries);
      Path models = dir.resolve("models.yaml");
      Files.writeString(models, """
          models:
            - id: claude-sonnet
              provider: scripted
              model: scripted-sonnet
              family: claude
              script: task-script.yaml
              inputPricePerMillion: 3.0
              outputPricePerMillion: 15.0
              concurrency: 4
              timeout: 30s
            - id: gemini-pro
              provider: scripted
              model: scripted-pro
              family: gemini
              script: task-script.yaml
              inputPricePerMillion: 1.25
              outputPricePerMillion: 10.0
              concurrency: 4
              timeout: 30s
            - id: gemini-flash
              provider: scripted
              model: scripted-flash
              family: gemini
              script: task-script.yaml
              inputPricePerMillion: 0.3
              outputPricePerMillion: 2.5
              concurrency: 4
              timeout: 30s
          """);
      return models;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The family a registry model id above belongs to. */
  static String family(String modelId) {
    return modelId.startsWith("claude") ? "claude" : "gemini";
  }
}
