package dev.orkestra.cli;

import dev.orkestra.models.ModelRegistry;
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
    ok &= checkBroker();
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
