package dev.orkestra.gate.plan;

import java.util.List;

/**
 * What the gate runs on a commit and the limits it checks, wherever they came from.
 *
 * @param source where the commands came from: {@code .orkestra/quality.yml}, {@code task}, {@code detected}
 * @param maxMajor seed 004 {@code max_major}: introduced MAJOR findings allowed; null = no limit
 * @param maxMedium seed 004 {@code max_medium}; null = no limit
 * @param minCoverage the repository's minimum line coverage in percent; null = none (the task's may still apply)
 */
public record QualityConfig(String source, List<GateCommand> commands, Integer maxMajor, Integer maxMedium,
    Double minCoverage) {

  public QualityConfig {
    commands = List.copyOf(commands);
  }

  /** The report files to read: those the commands declare, else where the common tools write them. */
  public List<ReportSpec> reports() {
    List<ReportSpec> declared = commands.stream().flatMap(c -> c.reports().stream()).distinct().toList();
    return declared.isEmpty() ? ReportSpec.STANDARD : declared;
  }
}
