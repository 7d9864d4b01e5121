package dev.orkestra.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code orkestra} command. */
@Command(
    name = "orkestra",
    mixinStandardHelpOptions = true,
    versionProvider = Orkestra.Version.class,
    description = "AI model roles as services on Apache Kafka.",
    subcommands = {UpCommand.class, TopicsCommand.class, DoctorCommand.class})
public final class Orkestra implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Orkestra()).setCaseInsensitiveEnumValuesAllowed(true);
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
