package dev.orkestra.gate.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one shell command line of a gate, bounded: in its work tree, with the environment it is
 * given and nothing else, stdin closed, stdout and stderr together into a log capped on disk and a
 * tail kept in memory, killed with everything it started when its time runs out, and whatever it
 * left running killed when it exits.
 */
public final class CommandRunner {

  private static final File NO_INPUT = new File("/dev/null");
  /** After the command exits, how long its output may still take to drain (a leftover holding the pipe is killed first). */
  private static final long DRAIN_MS = 5_000;

  private final Sandbox sandbox;

  public CommandRunner(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /**
   * @param line a shell command line ({@code sh -c})
   * @param dir the work tree it runs in
   * @param environment every variable it sees ({@link GateEnvironment#variables})
   * @param log where its output goes (created; cut at {@link CommandLimits#logBytes()})
   */
  public ProcessOutcome run(String line, Path dir, Map<String, String> environment, CommandLimits limits, Path log)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(sandbox.wrap(line)).directory(dir.toFile())
        .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Files.createDirectories(log.getParent());
    OutputTail tail = new OutputTail(limits.tailLines(), limits.tailChars());
    AtomicBoolean truncated = new AtomicBoolean();
    long started = System.nanoTime();
    Process process = builder.start();
    Thread reader = Thread.ofVirtual().name("gate-output-" + process.pid())
        .start(() -> drain(process.getInputStream(), log, limits.logBytes(), tail, truncated));
    boolean timedOut = false;
    try {
      if (!process.waitFor(limits.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        ProcessTrees.kill(process.toHandle(), sandbox.setsid());
        process.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      // The gate itself is stopping: nothing it started may outlive it.
      ProcessTrees.kill(process.toHandle(), sandbox.setsid());
      throw e;
    } finally {
      if (sandbox.setsid()) {
        ProcessTrees.killLeftovers(process.pid());
      }
      reader.join(DRAIN_MS);
      if (reader.isAlive()) {
        process.getInputStream().close();
        reader.join(DRAIN_MS);
      }
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (timedOut) {
      tail.add("[orkestra: killed after " + limits.timeout().toSeconds() + " s, with every process it started]");
    }
    if (truncated.get()) {
      tail.add("[orkestra: output over " + limits.logBytes() + " bytes; the log and its reports were cut there]");
    }
    return new ProcessOutcome(timedOut ? null : process.exitValue(), timedOut, durationMs, tail.text(), log,
        truncated.get());
  }

  /** Copies the output to the log up to its cap, and every line (also past the cap) into the tail. */
  private static void drain(InputStream output, Path log, long maxBytes, OutputTail tail, AtomicBoolean truncated) {
    try (InputStream in = output; OutputStream file = Files.newOutputStream(log)) {
      byte[] buffer = new byte[8192];
      long written = 0;
      LineSplitter lines = new LineSplitter(tail);
      int n;
      while ((n = in.read(buffer)) >= 0) {
        int keep = (int) Math.min(n, Math.max(0, maxBytes - written));
        if (keep > 0) {
          file.write(buffer, 0, keep);
          written += keep;
        }
        if (keep < n) {
          truncated.set(true);
        }
        lines.accept(buffer, n);
      }
      lines.finish();
    } catch (IOException e) {
      // The stream was closed because a leftover process kept it open; what was read is kept.
    }
  }

  /** Splits bytes into lines for the tail; a line without end is bounded so one huge line cannot fill memory. */
  private static final class LineSplitter {
    private static final int MAX_PENDING = 64 * 1024;
    private final OutputTail tail;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    LineSplitter(OutputTail tail) {
      this.tail = tail;
    }

    void accept(byte[] buffer, int length) {
      for (int i = 0; i < length; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          flush();
        } else if (b != '\r') {
          if (pending.size() >= MAX_PENDING) {
            flush();
          }
          pending.write(b);
        }
      }
    }

    void finish() {
      if (pending.size() > 0) {
        flush();
      }
    }

    private void flush() {
      tail.add(pending.toString(StandardCharsets.UTF_8));
      pending.reset();
    }
  }
}
