package dev.orkestra.cli;

import dev.orkestra.cli.query.AnswerView;
import dev.orkestra.cli.query.QueryClient;
import dev.orkestra.cli.query.RepoArgument;
import dev.orkestra.composer.json.OutputSchemaJson;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.kafka.embedded.EmbeddedKafkaBroker;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.KafkaConnection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every question command shares: where the repository is, how to reach the system, how to
 * print the answer. Without {@code --bootstrap} the command asks the {@code orkestra up} running on
 * the data directory, or else runs the whole system in this JVM on the same persistent data; with
 * it, it publishes to that cluster and waits for the answer.
 *
 * <p>Exit codes: 0 success, 3 not_available, 1 error — so scripts can tell "no such code" from
 * "something broke".
 */
abstract class QueryCommand implements Callable<Integer> {

  static final int EXIT_NOT_AVAILABLE = 3;

  @Spec
  CommandSpec spec;

  @Mixin
  BootstrapOption bootstrap = new BootstrapOption();

  @Option(names = "--repo", required = true, paramLabel = "R",
      description = "Local git work tree or bare repository, a clone URL, or GitHub owner/name.")
  String repo;

  @Option(names = "--ref", paramLabel = "REF", description = "Branch, tag or commit (default: the default branch).")
  String ref;

  @Option(names = "--json", description = "Print exactly one Output Schema JSON object on stdout, nothing else.")
  boolean json;

  @Option(names = "--timeout", defaultValue = "PT5M", paramLabel = "DURATION",
      description = "How long to wait for the answer (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default ~/.orkestra).")
  Path dataDir;

  /** The question to publish, with the repository already parsed. */
  abstract QueryRequested.Builder request(RepoRef repository);

  @Override
  public Integer call() throws Exception {
    RepoRef repository = RepoArgument.parse(repo, ref);
    String queryId = "q-" + UUID.randomUUID();
    QueryRequested request = request(repository)
        .setEnvelope(Envelopes.start(queryId, "cli@" + System.getProperty("user.name", "user")))
        .setRepo(repository)
        .setRequester(System.getProperty("user.name"))
        .build();
    QueryResponse response = bootstrap.given() ? askRunning(request) : askEmbedded(request);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? OutputSchemaJson.render(response) + System.lineSeparator() : AnswerView.render(response));
    out.flush();
    return switch (response.getStatus()) {
      case SUCCESS -> 0;
      case NOT_AVAILABLE -> EXIT_NOT_AVAILABLE;
      case ERROR -> 1;
    };
  }

  private QueryResponse askRunning(QueryRequested request) throws Exception {
    return askAt(bootstrap.orDefault(), request);
  }

  private QueryResponse askAt(String servers, QueryRequested request) throws Exception {
    try (QueryClient client = new QueryClient(KafkaConnection.fromSettings(servers, DataDirs.settings()))) {
      return await(client, request);
    }
  }

  private QueryResponse askEmbedded(QueryRequested request) throws Exception {
    Path home = dataDir != null ? dataDir : DataDirs.defaultHome();
    var running = RunningSystem.find(home);
    if (running.isPresent()) {
      spec.commandLine().getErr().println("orkestra: asking the running `orkestra up` at " + running.get());
      return askAt(running.get(), request);
    }
    // The same persistent broker `up` uses (any free port): the coordinator's state and answer
    // cache, and the retriever's indexes, carry over from one question to the next.
    EmbeddedKafkaBroker.Settings broker = EmbeddedKafkaBroker.Settings.persistent(home.resolve("kafka"), 0);
    // This system serves this one question: it may read the repository the command names, and no other.
    Map<String, String> settings = SourceGrants.forRepository(request.getRepo()).applyTo(DataDirs.settings());
    try (LocalSystem system = LocalSystem.embedded(broker,
            LocalSystem.ServiceContextFactory.of(home, DataDirs.modelsFile(null), settings));
        QueryClient client = new QueryClient(system.context().kafka())) {
      return await(client, request);
    }
  }

  private QueryResponse await(QueryClient client, QueryRequested request) throws Exception {
    try {
      return client.ask(request).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + timeout + " (is every service running? see `orkestra doctor`)");
    }
  }
}
