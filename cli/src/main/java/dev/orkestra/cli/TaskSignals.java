package dev.orkestra.cli;

import dev.orkestra.cli.task.CoordinatorAnswer;
import dev.orkestra.cli.task.EventLine;
import dev.orkestra.events.task.TaskStateChanged;
import java.io.PrintWriter;

/**
 * How {@code review TASK --…} and {@code pause|resume|stop} report the coordinator's answer, and
 * their shared exit codes: 0 applied, 2 refused here before sending, 3 rejected by the
 * coordinator (its reason printed), 4 sent but not answered within {@code --timeout}, 1 any other error.
 */
final class TaskSignals {

  static final int EXIT_REFUSED = 2;
  static final int EXIT_REJECTED = 3;
  static final int EXIT_UNANSWERED = 4;

  private TaskSignals() {}

  static int report(String command, String what, CoordinatorAnswer.Outcome outcome, PrintWriter out, PrintWriter err) {
    try {
      return switch (outcome) {
        case CoordinatorAnswer.Outcome.Applied applied -> {
          out.println(what + ": applied");
          for (TaskStateChanged event : applied.events()) {
            out.println("  " + EventLine.text(event));
          }
          yield 0;
        }
        case CoordinatorAnswer.Outcome.Rejected rejected -> {
          err.println("orkestra " + command + ": " + what + " rejected by the coordinator: " + rejected.reason());
          yield EXIT_REJECTED;
        }
        case CoordinatorAnswer.Outcome.Unanswered unanswered -> {
          err.println("orkestra " + command + ": " + what + " was sent, but the coordinator did not answer within "
              + unanswered.waited() + " (is it running with the task pipeline on?); `orkestra watch` shows when it does");
          yield EXIT_UNANSWERED;
        }
      };
    } finally {
      out.flush();
      err.flush();
    }
  }

  static int refuse(String command, String why, PrintWriter err) {
    err.println("orkestra " + command + ": " + why);
    err.flush();
    return EXIT_REFUSED;
  }

  /** Who decides or controls: --by, else the login name. */
  static String person(String by) {
    if (by != null && !by.isBlank()) {
      return by;
    }
    String user = System.getenv("USER");
    return user != null && !user.isBlank() ? user : System.getProperty("user.name", "user");
  }
}
