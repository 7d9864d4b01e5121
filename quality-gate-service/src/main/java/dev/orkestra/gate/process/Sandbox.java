package dev.orkestra.gate.process;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the operating system gives a gate command beyond a plain child process, found out by trying
 * rather than assumed: its own session ({@code setsid}, so its whole process group can be killed)
 * and its own empty network namespace ({@code unshare -rn} as any user where user namespaces are
 * allowed, else {@code unshare -n} as root). Where neither works the command has the host's network,
 * and {@link #describe()} says so.
 *
 * @param setsid {@code setsid} works here
 * @param unshare the {@code unshare} options that cut the network, or null when none work
 */
public record Sandbox(boolean setsid, List<String> unshare) {

  /** How the operator wants the network: cut where possible, cut or refuse to start, or left alone. */
  public enum Network {
    AUTO, ISOLATED, ALLOWED;

    public static Network parse(String value) {
      try {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("orkestra.quality-gate.network: '" + value
            + "' is not one of auto, isolated, allowed");
      }
    }
  }

  public static final Sandbox NONE = new Sandbox(false, null);

  /** Probes this host; {@link Network#ISOLATED} fails when no namespace can be had. */
  public static Sandbox detect(Network network) {
    boolean setsid = works(List.of("setsid", "true"));
    List<String> unshare = null;
    if (network != Network.ALLOWED) {
      for (List<String> candidate : List.of(List.of("unshare", "-rn"), List.of("unshare", "-n"))) {
        List<String> probe = new ArrayList<>(candidate);
        probe.add("true");
        if (works(probe)) {
          unshare = candidate;
          break;
        }
      }
      if (unshare == null && network == Network.ISOLATED) {
        throw new IllegalStateException("orkestra.quality-gate.network=isolated, but this host gives no network "
            + "namespace (neither 'unshare -rn' nor 'unshare -n' works: user namespaces off and not root?)");
      }
    }
    return new Sandbox(setsid, unshare == null ? null : List.copyOf(unshare));
  }

  public boolean networkIsolated() {
    return unshare != null;
  }

  /**
   * The argv that runs {@code shellLine} inside the sandbox. Inside a new network namespace even the
   * loopback interface is down; it is brought up (where {@code ip} exists) so that tests binding
   * 127.0.0.1 still work.
   */
  List<String> wrap(String shellLine) {
    List<String> argv = new ArrayList<>();
    if (setsid) {
      argv.add("setsid");
    }
    String line = shellLine;
    if (unshare != null) {
      argv.addAll(unshare);
      line = "ip link set lo up >/dev/null 2>&1 || true\n" + shellLine;
    }
    argv.addAll(List.of("sh", "-c", line));
    return argv;
  }

  /** One line for the log and the result's summary: what isolation the commands had. */
  public String describe() {
    return (unshare != null ? "no network (" + String.join(" ", unshare) + ")" : "host network (no namespace)")
        + (setsid ? ", own session" : ", no own session (setsid missing)");
  }

  private static boolean works(List<String> argv) {
    try {
      Process process = new ProcessBuilder(argv).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(
              new java.io.File("/dev/null"))).start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
