package dev.orkestra.gate.process;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kills what a command started. Two nets, because each misses something: the descendants Java can
 * see (children of children, while their parents live) and the command's process group (a
 * {@code setsid} session, which also holds processes whose parents already exited — a build's
 * daemon, {@code sleep 600 &}). A process that starts its own session escapes the second net.
 */
final class ProcessTrees {

  private ProcessTrees() {}

  /** Kills {@code root}, every descendant alive now and, when {@code groupLeader}, its process group. */
  static void kill(ProcessHandle root, boolean groupLeader) {
    List<ProcessHandle> descendants = root.descendants().toList();
    if (groupLeader) {
      killGroup(root.pid());
    }
    root.destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }

  /** After a command exited: whatever it left running in its group. */
  static void killLeftovers(long groupId) {
    killGroup(groupId);
  }

  private static void killGroup(long groupId) {
    try {
      Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + groupId)
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!kill.waitFor(5, TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      // No kill(1): the descendants are still destroyed one by one.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
