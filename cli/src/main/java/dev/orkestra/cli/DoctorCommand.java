package dev.orkestra.cli;

import dev.orkestra.coordinator.CoordinatorConfig;
import dev.orkestra.models.ModelRegistry;
import dev.orkestra.runtime.ServiceHealth;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import dev.orkestra.models.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Checks what Orkestra needs: the JDK, the broker, the configured models and whether their keys are
 * set. Key values are never printed — only whether the named variable is present.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Report JDK, broker reachability and configured models (keys present/absent, never their values).")
final class DoctorCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  static final int REQUIRED_JAVA = 25;

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Option(names = "--models", paramLabel = "FILE",
      description = "Model registry YAML (default: $ORKESTRA_MODELS, else ~/.orkestra/models.yaml).")
  Path models;

  @Override
  public Integer call() {
    boolean ok = checkJava();
    boolean reachable = checkBroker();
    ok &= reachable;
    if (reachable) {
      ok &= checkServices();
      ok &= checkWorkers();
    }
    ok &= checkModels();
    out().println(ok ? "doctor: all checks passed" : "doctor: some checks failed");
    return ok ? 0 : 1;
  }

  private boolean checkJava() {
    int feature = Runtime.version().feature();
    boolean ok = feature >= REQUIRED_JAVA;
    out().printf("%-5s jdk      %s at %s%s%n", ok ? "ok" : "FAIL", Runtime.version(), System.getProperty("java.home"),
        ok ? "" : " (needs " + REQUIRED_JAVA + "+)");
    return ok;
  }

  private boolean checkBroker() {
    String servers = bootstrap.orDefault();
    try (Admin admin = Admins.open(servers)) {
      DescribeClusterResult cluster = admin.describeCluster();
      int nodes = cluster.nodes().get(6, TimeUnit.SECONDS).size();
      String id = cluster.clusterId().get(6, TimeUnit.SECONDS);
      out().printf("ok    broker   %s reachable: cluster %s, %d node(s)%n", servers, id, nodes);
      return true;
    } catch (Exception e) {
      out().printf("FAIL  broker   %s unreachable (%s)%s%n", servers, rootMessage(e),
          bootstrap.given() ? "" : " - start it with: bin/orkestra up");
      return false;
    }
  }

  /** What the {@code up} on this data directory last said about its services (a stale report is a failure). */
  private boolean checkServices() {
    Path home = DataDirs.defaultHome();
    if (bootstrap.given() || RunningSystem.find(home).isEmpty()) {
      return true; // no `up` of ours: the groups below tell what runs on the cluster
    }
    var report = HealthFile.read(home);
    if (report.isEmpty()) {
      out().printf("FAIL  services `orkestra up` on %s has not reported its services' health lately (hung?)%n", home);
      return false;
    }
    boolean ok = true;
    for (ServiceHealth service : report.get()) {
      String mark = switch (service.status()) {
        case UP -> "ok";
        case DEGRADED -> "WARN";
        case DOWN -> "FAIL";
      };
      out().printf("%-5s service  %-12s %-8s %s%n", mark, service.name(), service.status(), service.detail());
      ok &= service.status() != ServiceHealth.Status.DOWN;
    }
    return ok;
  }

  /**
   * Who consumes the work, as the cluster sees it: the coordinator's consumer group and each role's
   * share group — members, and records not yet acknowledged. Holds for any deployment, not just `up`.
   */
  private boolean checkWorkers() {
    try (Admin admin = Admins.open(bootstrap.orDefault())) {
      boolean ok = true;
      String coordinator = CoordinatorConfig.DEFAULT_APPLICATION_ID;
      var group = admin.describeConsumerGroups(List.of(coordinator)).all().get(6, TimeUnit.SECONDS).get(coordinator);
      int members = group == null ? 0 : group.members().size();
      out().printf("%-5s workers  coordinator  %d member(s) in consumer group %s (%s)%s%n", members > 0 ? "ok" : "FAIL",
          members, coordinator, group == null ? "unknown" : group.groupState(),
          members > 0 ? "" : " - no coordinator is answering questions");
      ok &= members > 0;
      for (TopicSpec<?> queue : List.of(Topics.RETRIEVER_REQUESTS, Topics.EXTRACTOR_REQUESTS, Topics.VERIFIER_REQUESTS,
          Topics.SYNTHESIZER_REQUESTS, Topics.COMPOSER_REQUESTS, Topics.AUDITOR_REQUESTS)) {
        String role = queue.name().substring("orkestra.".length(), queue.name().length() - ".requests".length());
        String groupId = "orkestra." + role;
        var share = admin.describeShareGroups(List.of(groupId)).all().get(6, TimeUnit.SECONDS).get(groupId);
        int roleMembers = share == null ? 0 : share.members().size();
        // Each lane of an instance is a member; its client id is "<role>@<instance>-<lane>".
        long instances = share == null ? 0 : share.members().stream()
            .map(member -> member.clientId().replaceFirst("-\\d+$", "")).distinct().count();
        long lag = 0;
        var offsets = admin.listShareGroupOffsets(Map.of(groupId, new ListShareGroupOffsetsSpec()))
            .partitionsToOffsetInfo(groupId).get(6, TimeUnit.SECONDS);
        for (var info : offsets.values()) {
          lag += info == null ? 0 : info.lag().orElse(0L);
        }
        out().printf("%-5s workers  %-12s %d instance(s) (%d lanes), %d request(s) waiting or in flight%s%n",
            roleMembers > 0 ? "ok" : "FAIL", role, instances, roleMembers, lag,
            roleMembers > 0 ? "" : " - nobody takes this work");
        ok &= roleMembers > 0;
      }
      return ok;
    } catch (Exception e) {
      out().printf("FAIL  workers  cannot describe the groups (%s)%n", rootMessage(e));
      return false;
    }
  }

  private boolean checkModels() {
    Path file = DataDirs.modelsFile(models);
    if (!Files.exists(file)) {
      out().printf("info  models   no registry at %s (coaching and model roles answer NOT_AVAILABLE)%n", file);
      return true;
    }
    try {
      ModelRegistry registry = ModelRegistry.load(file);
      out().printf("ok    models   %d configured in %s%n", registry.models().size(), file);
      boolean ok = true;
      for (ModelSpec spec : registry.models()) {
        boolean present = registry.keyPresent(spec);
        String key = spec.apiKeyEnv() == null ? "no key needed" : spec.apiKeyEnv() + (present ? " present" : " ABSENT");
        out().printf("%-5s model    %-20s %-10s %-22s family=%-8s %s%n", present ? "ok" : "FAIL", spec.id(),
            spec.provider().name().toLowerCase(), spec.model(), spec.family(), key);
        ok &= present;
      }
      return ok;
    } catch (RuntimeException e) {
      out().printf("FAIL  models   %s: %s%n", file, e.getMessage());
      return false;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
