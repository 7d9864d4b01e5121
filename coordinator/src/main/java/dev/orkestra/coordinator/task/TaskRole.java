package dev.orkestra.coordinator.task;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The four model roles of seed 002 the coordinator routes. The contracts name no role (each has
 * its own request topic), so the routing table and its reasons use these names.
 */
public enum TaskRole {
  PLANNER("planner"),
  PLAN_REVIEWER("plan-reviewer"),
  IMPLEMENTER("implementer"),
  CODE_REVIEWER("code-reviewer");

  private final String id;

  TaskRole(String id) {
    this.id = id;
  }

  /** The name in the routing table and in reasons, e.g. "plan-reviewer". */
  public String id() {
    return id;
  }

  /** Reviewers are the roles the diversity rule applies to. */
  public boolean reviews() {
    return this == PLAN_REVIEWER || this == CODE_REVIEWER;
  }

  /** By routing-table name; "plan_reviewer" and "PLAN-REVIEWER" are accepted too. */
  public static Optional<TaskRole> fromId(String text) {
    String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    return Arrays.stream(values()).filter(role -> role.id.equals(wanted)).findFirst();
  }

  static String knownIds() {
    return Arrays.stream(values()).map(TaskRole::id).collect(Collectors.joining(", "));
  }
}
