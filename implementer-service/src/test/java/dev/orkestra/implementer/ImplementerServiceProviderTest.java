package dev.orkestra.implementer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.implementer.backend.ModelEditBackend;
import dev.orkestra.runtime.InvalidRequestException;
import dev.orkestra.runtime.PermanentFailureException;
import dev.orkestra.runtime.RoleModelChoice;
import dev.orkestra.runtime.RoleRequest;
import dev.orkestra.runtime.ServiceContext;
import dev.orkestra.runtime.ServiceProvider;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import dev.orkestra.runtime.workspace.Workspaces;
import dev.orkestra.topics.Topics;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImplementerServiceProviderTest {

  private static final String SHA = "a".repeat(40);

  @TempDir Path tmp;

  @Test
  void theImplementerRunsOnItsRegistryTopicsWithTheConfiguredConcurrency() {
    var config = ImplementerServiceProvider.config(new ServiceContext("broker:9092", Path.of("data"),
        Path.of("models.yaml"), Map.of("orkestra.implementer.concurrency", "3")));

    assertThat(config.role()).isEqualTo("implementer");
    assertThat(config.requests()).isEqualTo(Topics.IMPLEMENTER_REQUESTS);
    assertThat(config.results()).isEqualTo(Topics.IMPLEMENTER_RESULTS);
    assertThat(config.concurrency()).isEqualTo(3);
    assertThat(config.handlerTimeout()).isEqualTo(ImplementerServiceProvider.HANDLER_TIMEOUT);
  }

  @Test
  void orkestraUpFindsTheImplementer() {
    assertThat(ServiceLoader.load(ServiceProvider.class).stream().map(ServiceLoader.Provider::type))
        .contains(ImplementerServiceProvider.class);
  }

  @Test
  void anInvalidRequestNamesTheFieldAndAnUnknownModelIsPermanent() {
    ImplementerHandler handler = new ImplementerHandler(new Workspaces(tmp.resolve("ws"),
        SourcePolicy.localRoots(tmp), SourceLimits.DEFAULT, Map.<String, String>of()::get),
        new RoleModelChoice("implementer", null, null, null), new ModelEditBackend());

    assertThatThrownBy(() -> handler.handle(RoleRequest.direct(
        StepRequests.request("T", tmp.toString(), "abc123", "m").build(), "test")))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage())
            .contains("repo.commitSha").contains("'abc123'"));
    assertThatThrownBy(() -> handler.handle(RoleRequest.direct(
        StepRequests.request("T", tmp.toString(), SHA, "m").setBranch(" ").build(), "test")))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("branch");
    assertThatThrownBy(() -> handler.handle(RoleRequest.direct(
        StepRequests.request("T", tmp.toString(), SHA, "m").build(), "test")))
        .isInstanceOfSatisfying(PermanentFailureException.class, e -> assertThat(e.code()).isEqualTo("no_model"))
        .hasMessageContaining("model 'm' cannot be used: there is no model registry");
  }
}
