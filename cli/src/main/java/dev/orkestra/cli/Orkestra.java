package dev.orkestra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code orkestra} command. */
@Command(
    name = "orkestra",
    mixinStandardHelpOptions = true,
    versionProvider = Orkestra.Version.class,
    description = "AI model roles as services on Apache Kafka.",
    subcommands = {UpCommand.class, ServiceCommand.class, AskCommand.class, GetFileCommand.class, GetLinesCommand.class,
        TopicsCommand.class, DoctorCommand.class, SubmitCommand.class, TasksCommand.class, WatchCommand.class,
        ReviewCommand.class, TaskControlCommand.Pause.class, TaskControlCommand.Resume.class,
        TaskControlCommand.Stop.class, SummaryCommand.class})
public final class Orkestra implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Held so the level survives: JUL keeps loggers weakly. Lucene's advice about SIMD is not for end users. */
  private static final java.util.logging.Logger LUCENE = java.util.logging.Logger.getLogger("org.apache.lucene");

  public static void main(String[] args) {
    LUCENE.setLevel(java.util.logging.Level.SEVERE);
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Orkestra())
        .setCaseInsensitiveEnumValuesAllowed(true)
        // A person reads this: the message names what was wrong; the stack trace is for --verbose logs.
        .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
          commandLine.getErr().println("orkestra " + commandLine.getCommandName() + ": " + describe(error));
          return 1;
        });
  }

  static String describe(Throwable error) {
    StringBuilder message = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString();
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Orkestra.class.getPackage().getImplementationVersion();
      return new String[] {"orkestra " + (version == null ? "dev" : version) + " (Java " + Runtime.version() + ")"};
    }
  }
}
