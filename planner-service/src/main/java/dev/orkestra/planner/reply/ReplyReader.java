package dev.orkestra.planner.reply;

import java.util.List;

/** Turns a model's reply into what a role wants from it, or the problems that stop it. */
@FunctionalInterface
public interface ReplyReader<T> {

  /**
   * @param value what was read, possibly with problems (a plan that parses but does not check), or
   *     {@code null} when nothing usable was found
   * @param problems each a sentence naming what is wrong, shown to the model in a repair round
   */
  record Read<T>(T value, List<String> problems) {

    public Read {
      problems = List.copyOf(problems);
    }

    public static <T> Read<T> ok(T value) {
      return new Read<>(value, List.of());
    }

    public static <T> Read<T> failed(List<String> problems) {
      return new Read<>(null, problems);
    }

    public boolean usable() {
      return value != null && problems.isEmpty();
    }
  }

  Read<T> read(String reply);
}
