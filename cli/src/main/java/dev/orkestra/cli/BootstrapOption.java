package dev.orkestra.cli;

import picocli.CommandLine.Option;

/** {@code --bootstrap HOST:PORT}: talk to an existing cluster instead of the local default. */
final class BootstrapOption {

  static final String LOCAL_DEFAULT = "localhost:9092";

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers of an existing cluster (default: the embedded broker, ${DEFAULT-VALUE})")
  String bootstrap;

  boolean given() {
    return bootstrap != null;
  }

  /** The address to use: the given one, validated, or the embedded default. */
  String orDefault() {
    return given() ? validated(bootstrap) : LOCAL_DEFAULT;
  }

  static String validated(String servers) {
    for (String server : servers.split(",")) {
      if (!server.strip().matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
        throw new IllegalArgumentException("--bootstrap: '" + server + "' is not HOST:PORT");
      }
    }
    return servers;
  }
}
