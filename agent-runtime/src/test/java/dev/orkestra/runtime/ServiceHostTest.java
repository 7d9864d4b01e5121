package dev.orkestra.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceHostTest {

  @Test
  void environmentVariablesBecomeSettingsAndAHyphenatedServiceKeepsItsHyphen() {
    Map<String, String> settings = ServiceHost.settings(Map.of(
        "ORKESTRA_COORDINATOR_TASK_MAX_ATTEMPTS", "2",
        "ORKESTRA_QUALITY_GATE_COMMAND_TIMEOUT_SECONDS", "60",
        "ORKESTRA_QUALITY_GATE_MAVEN_HOME", "/opt/m2",
        "PATH", "/usr/bin"));

    assertThat(settings)
        .containsEntry("orkestra.coordinator.task.max.attempts", "2")
        .containsEntry("orkestra.quality-gate.command.timeout.seconds", "60")
        .containsEntry("orkestra.quality-gate.maven.home", "/opt/m2")
        .doesNotContainKey("path");
  }

  @Test
  void secretsStayInTheEnvironment() {
    Map<String, String> settings = ServiceHost.settings(Map.of(
        "ORKESTRA_GIT_TOKEN", "s3cret", "ORKESTRA_OPENAI_API_KEY", "k", "ORKESTRA_RETRIEVER_TOP_K", "5"));

    assertThat(settings).containsOnlyKeys("orkestra.retriever.top.k");
  }
}
