package dev.orkestra.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A main class run in a JVM of its own, on this test's classpath, for faults that only a separate
 * process can show: {@link #kill()} is {@code SIGKILL} (no shutdown hook, no graceful close). Its
 * stdout lines are kept for {@link #awaitLine}; stderr goes to a log file.
 */
public final class JavaProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Object progress = new Object();

  private JavaProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    Thread.ofPlatform().daemon().name(name + "-stdout").start(this::readStdout);
  }

  /**
   * Starts {@code mainClass} with {@code args}; {@code log} receives its stderr; {@code jvmOptions}
   * go before the class name (heap, system properties).
   */
  public static JavaProcess start(String name, String mainClass, List<String> args, Path log,
      List<String> jvmOptions, Map<String, String> environment) {
    return start(name, mainClass, args, log, jvmOptions, environment, 0);
  }

  /**
   * As above at a lower CPU priority ({@code nice -n niceness}): on one machine, processes that
   * would run on machines of their own (services beside a broker) should not starve each other.
   */
  public static JavaProcess start(String name, String mainClass, List<String> args, Path log,
      List<String> jvmOptions, Map<String, String> environment, int niceness) {
    List<String> command = new ArrayList<>();
    if (niceness > 0) {
      command.addAll(List.of("nice", "-n", Integer.toString(niceness)));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(environment);
    try {
      return new JavaProcess(name, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  private void readStdout() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        synchronized (progress) {
          progress.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process died: nothing more to read
    } finally {
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  /** Waits for a stdout line matching {@code match}; fails naming what was printed if none comes. */
  public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (true) {
        for (String line : lines) {
          if (match.test(line)) {
            return line;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && lines.stream().noneMatch(match))) {
          if (!process.isAlive()) {
            throw new AssertionError(name + " exited (" + process.exitValue() + ") without the expected line; it printed "
                + lines);
          }
          throw new AssertionError(name + " printed no expected line within " + timeout + "; it printed " + lines);
        }
        progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: the process gets no chance to close anything. Returns once it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait: its shutdown hooks run. */
  public int stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
