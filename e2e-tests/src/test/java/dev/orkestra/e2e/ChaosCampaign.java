package dev.orkestra.e2e;

import dev.orkestra.cli.query.QueryClient;
import dev.orkestra.events.common.ActionKind;
import dev.orkestra.events.common.ActionRecord;
import dev.orkestra.events.common.DeadLetter;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.TestKafka;
import dev.orkestra.runtime.testing.JavaProcess;
import dev.orkestra.runtime.testing.ScriptedModelEndpoint;
import dev.orkestra.serde.AvroSerde;
import dev.orkestra.topics.TopicSpec;
import dev.orkestra.topics.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The fault-injection campaign: the whole question pipeline with every service in an OS process of
 * its own ({@code orkestra up --no-services} for the broker, {@code orkestra service NAME} for each
 * service), a sustained load of questions several at once, and SIGKILL of one process after another
 * — the extractor, the verifier, the coordinator, the synthesizer and the broker (restarted on the
 * same data). Then, once everything has quiesced, the topics are read: every question answered,
 * exactly one response each, no request handled twice according to the action log, no model call
 * paid twice (the scripted model counts its calls per prompt), dead letters only where expected.
 *
 * <p>{@code bin/chaos [QUESTIONS] [CONCURRENCY]} runs the long version; {@code ChaosE2ETest} a short
 * one in CI. The harness is also the supervisor: a service that exits by itself is counted and
 * started again, as Kubernetes would.
 */
public final class ChaosCampaign implements AutoCloseable {

  /** The services, in the order they start. */
  static final List<String> SERVICES = List.of("coordinator", "retriever", "extractor", "verifier", "synthesizer",
      "composer", "auditor");

  /** One fault: kill {@code target} (a service or {@code broker}) once {@code atFraction} of the questions were sent. */
  record Fault(String target, double atFraction) {}

  record Settings(int questions, int concurrency, List<Fault> faults, Path workDir, Duration downtime) {
    static List<Fault> everyKind() {
      return List.of(new Fault("extractor", 0.15), new Fault("verifier", 0.32), new Fault("coordinator", 0.5),
          new Fault("synthesizer", 0.66), new Fault("broker", 0.8));
    }
  }

  /** What one kill cost: from SIGKILL to the answer of a question sent once the process was back. */
  record Kill(String target, Instant killedAt, Duration restartedAfter, Duration recoveredAfter, String probeStatus) {}

  record Report(int sent, int answered, Map<ResponseStatus, Integer> byStatus, int unanswered, int duplicateResponses,
      int repeatedHandlerRuns, int duplicateResults, int modelCalls, int repeatedModelCalls, int deadLetters,
      List<String> deadLetterReasons, List<Kill> kills, Map<String, Integer> unexpectedExits, Duration elapsed,
      List<String> errorMessages) {

    String table() {
      StringBuilder out = new StringBuilder();
      out.append("| figure | value |\n|---|---|\n");
      row(out, "questions sent (load + probes)", sent);
      row(out, "answered", answered);
      byStatus.forEach((status, n) -> row(out, "  " + status.name().toLowerCase(Locale.ROOT), n));
      row(out, "unanswered", unanswered);
      row(out, "duplicate responses", duplicateResponses);
      row(out, "role requests handled twice (OUTCOME entries per request > 1)", repeatedHandlerRuns);
      row(out, "duplicate role results (same causationId)", duplicateResults);
      row(out, "model calls", modelCalls);
      row(out, "model calls repeated (same prompt)", repeatedModelCalls);
      row(out, "dead letters", deadLetters);
      row(out, "services that exited by themselves", unexpectedExits.values().stream().mapToInt(Integer::intValue).sum());
      row(out, "campaign time", elapsed.toSeconds() + " s");
      out.append("\n| killed | restarted after | answering again after | probe |\n|---|---|---|---|\n");
      for (Kill kill : kills) {
        out.append("| ").append(kill.target()).append(" | ").append(seconds(kill.restartedAfter())).append(" | ")
            .append(seconds(kill.recoveredAfter())).append(" | ").append(kill.probeStatus()).append(" |\n");
      }
      if (!deadLetterReasons.isEmpty()) {
        out.append("\ndead letters: ").append(deadLetterReasons).append('\n');
      }
      if (!unexpectedExits.isEmpty()) {
        out.append("\nexited by themselves: ").append(unexpectedExits).append('\n');
      }
      if (!errorMessages.isEmpty()) {
        Map<String, Long> counted = new java.util.TreeMap<>();
        errorMessages.forEach(m -> counted.merge(m.replaceAll("#\\d+", "…"), 1L, Long::sum));
        out.append("\nanswers other than success: ").append(counted).append('\n');
      }
      return out.toString();
    }

    private static void row(StringBuilder out, String name, Object value) {
      out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static String seconds(Duration d) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
  }

  private final Settings settings;
  private final Path repository;
  private final Questions questions;
  private final ScriptedModelEndpoint model;
  private final Path models;
  private final OrkestraProcesses processes;
  private final String bootstrap;
  private final Map<String, JavaProcess> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> unexpectedExits = new ConcurrentHashMap<>();
  private final Map<String, Boolean> beingKilled = new ConcurrentHashMap<>();
  private final AtomicInteger starts = new AtomicInteger();
  private volatile boolean supervising;
  private Thread supervisor;

  private ChaosCampaign(Settings settings) throws IOException {
    this.settings = settings;
    Files.createDirectories(settings.workDir());
    this.repository = settings.workDir().resolve("repo");
    FixtureRepo.create(repository).close();
    this.questions = new Questions(repository);
    this.model = ScriptedModelEndpoint.start();
    this.models = model.writeModels(settings.workDir().resolve("models"), "scripted-coach");
    this.processes = OrkestraProcesses.on(settings.workDir(), repository, models, Map.of());
    this.bootstrap = processes.bootstrap();
  }

  public static Report run(Settings settings) throws Exception {
    try (ChaosCampaign campaign = new ChaosCampaign(settings)) {
      return campaign.execute();
    }
  }

  private Report execute() throws Exception {
    long started = System.nanoTime();
    start("broker");
    for (String service : SERVICES) {
      start(service);
    }
    supervise();
    List<Kill> kills = new java.util.concurrent.CopyOnWriteArrayList<>();
    Map<String, QueryRequested> sent = new LinkedHashMap<>();
    try (QueryClient client = new QueryClient(bootstrap)) {
      warmUp(client);
      Semaphore inFlight = new Semaphore(settings.concurrency());
      List<CompletableFuture<QueryResponse>> futures = new ArrayList<>();
      List<Fault> faults = new ArrayList<>(settings.faults());
      Random random = new Random(7);
      Thread faulting = null;
      for (int i = 0; i < settings.questions(); i++) {
        if (!faults.isEmpty() && i >= faults.getFirst().atFraction() * settings.questions()
            && (faulting == null || !faulting.isAlive())) {
          Fault fault = faults.removeFirst();
          faulting = Thread.ofPlatform().name("fault-" + fault.target()).start(() -> {
            try {
              kills.add(inject(fault, client, sent));
            } catch (Exception e) {
              throw new IllegalStateException("fault " + fault + " failed", e);
            }
          });
        }
        inFlight.acquire();
        QueryRequested question = question(i, random);
        synchronized (sent) {
          sent.put(question.getEnvelope().getCorrelationId(), question);
        }
        futures.add(client.ask(question).whenComplete((answer, error) -> inFlight.release()));
      }
      if (faulting != null) {
        faulting.join();
      }
      while (!faults.isEmpty()) { // the load ended before every fault fired: inject the rest now
        kills.add(inject(faults.removeFirst(), client, sent));
      }
      for (CompletableFuture<QueryResponse> future : futures) {
        try {
          future.get(5, TimeUnit.MINUTES);
        } catch (Exception e) {
          // counted below as unanswered
        }
      }
    }
    stopSupervising();
    return verify(sent, kills, Duration.ofNanos(System.nanoTime() - started));
  }

  /** A few questions before the load, so first-use costs (indexing the repository, loading the model) are paid. */
  private void warmUp(QueryClient client) throws Exception {
    client.ask(questions.find("Where is the login session created? (warm-up)")).get(5, TimeUnit.MINUTES);
    client.ask(questions.getLines("README.md", 1, 2)).get(5, TimeUnit.MINUTES);
  }

  private Kill inject(Fault fault, QueryClient client, Map<String, QueryRequested> sent) throws Exception {
    Instant killedAt = Instant.now();
    System.out.println("chaos: SIGKILL " + fault.target() + " at " + killedAt);
    beingKilled.put(fault.target(), true);
    try {
      running.get(fault.target()).kill();
      Thread.sleep(settings.downtime());
      start(fault.target());
    } finally {
      beingKilled.remove(fault.target());
    }
    Duration restarted = Duration.between(killedAt, Instant.now());
    QueryRequested probe = questions.getLines("backend/server.py", 1 + starts.get() % 60, 20 + starts.get() % 60);
    probe = Questions.withId(probe, "q-probe-" + fault.target() + "-" + System.nanoTime());
    synchronized (sent) {
      sent.put(probe.getEnvelope().getCorrelationId(), probe);
    }
    QueryResponse answer = client.ask(probe).get(5, TimeUnit.MINUTES);
    return new Kill(fault.target(), killedAt, restarted, Duration.between(killedAt, Instant.now()),
        answer.getStatus().name().toLowerCase(Locale.ROOT));
  }

  /** Every unanswered question counts; everything is read from the topics once nothing moves any more. */
  private Report verify(Map<String, QueryRequested> sent, List<Kill> kills, Duration elapsed) throws Exception {
    awaitQuiet();
    Map<String, List<QueryResponse>> responses = new HashMap<>();
    for (QueryResponse response : read(Topics.RESPONSES)) {
      String queryId = response.getEnvelope().getCorrelationId();
      if (sent.containsKey(queryId)) {
        responses.computeIfAbsent(queryId, k -> new ArrayList<>()).add(response);
      }
    }
    Map<ResponseStatus, Integer> byStatus = new EnumMap<>(ResponseStatus.class);
    List<String> errors = new ArrayList<>();
    responses.values().forEach(list -> {
      byStatus.merge(list.getFirst().getStatus(), 1, Integer::sum);
      if (list.getFirst().getStatus() != ResponseStatus.SUCCESS) {
        errors.add(list.getFirst().getMessage());
      }
    });
    int duplicates = responses.values().stream().mapToInt(list -> list.size() - 1).sum();
    int unanswered = (int) sent.keySet().stream().filter(id -> !responses.containsKey(id)).count();
    Map<String, Integer> outcomes = new HashMap<>();
    for (ConsumerRecord<String, byte[]> record : TestKafka.readAll(bootstrap, Topics.ACTION_LOG.name())) {
      if (record.value() != null) {
        ActionRecord entry = AvroSerde.of(ActionRecord.class).decode(record.value());
        if (entry.getKind() == ActionKind.OUTCOME) {
          outcomes.merge(record.key(), 1, Integer::sum);
        }
      }
    }
    int repeatedRuns = outcomes.values().stream().mapToInt(n -> n - 1).sum();
    int duplicateResults = 0;
    for (TopicSpec<?> results : List.of(Topics.RETRIEVER_RESULTS, Topics.EXTRACTOR_RESULTS, Topics.VERIFIER_RESULTS,
        Topics.SYNTHESIZER_RESULTS, Topics.COMPOSER_RESULTS, Topics.AUDITOR_RESULTS)) {
      Map<String, List<String>> byCause = new HashMap<>();
      for (SpecificRecord result : read(results)) {
        var envelope = Envelopes.of(result);
        byCause.computeIfAbsent(envelope.getCausationId(), k -> new ArrayList<>())
            .add(envelope.getProducer() + "@" + envelope.getOccurredAt());
      }
      for (var entry : byCause.entrySet()) {
        if (entry.getValue().size() > 1) {
          duplicateResults += entry.getValue().size() - 1;
          errors.add("duplicate " + results.name() + " for request " + entry.getKey() + ": " + entry.getValue());
        }
      }
    }
    List<String> deadLetterReasons = read(Topics.DEAD_LETTERS).stream().map(DeadLetter::getReason).toList();
    int repeatedCalls = model.repeatedPrompts().values().stream().mapToInt(n -> n - 1).sum();
    model.repeatedPrompts().forEach((prompt, n) -> errors.add("model asked " + n + " times: "
        + prompt.substring(0, Math.min(80, prompt.length())).replace('\n', ' ')));
    return new Report(sent.size(), responses.size(), byStatus, unanswered, duplicates, repeatedRuns, duplicateResults,
        model.calls(), repeatedCalls, deadLetterReasons.size(), deadLetterReasons, kills, Map.copyOf(unexpectedExits),
        elapsed, errors);
  }

  /** Quiesced: every role's share group has acknowledged everything, and no topic grew for 10 s. */
  private void awaitQuiet() {
    for (String role : List.of("retriever", "extractor", "verifier", "synthesizer", "composer", "auditor")) {
      TestKafka.awaitQuiesced(bootstrap, "orkestra." + role, "orkestra." + role + ".requests", Duration.ZERO);
    }
    TestKafka.awaitQuiesced(bootstrap, "orkestra.auditor", "orkestra.auditor.requests", Duration.ofSeconds(10),
        Topics.ALL.stream().map(TopicSpec::name).toArray(String[]::new));
  }

  private <V extends SpecificRecord> List<V> read(TopicSpec<V> topic) {
    AvroSerde<V> serde = topic.valueSerde();
    return TestKafka.readAll(bootstrap, topic.name()).stream()
        .filter(record -> record.value() != null)
        .map(record -> serde.decode(record.value()))
        .toList();
  }

  /** A mix: lines of a file (half), searches (a quarter), explanations with coaching (a model call each). */
  private QueryRequested question(int i, Random random) {
    int kind = i % 4;
    return switch (kind) {
      case 0, 1 -> {
        String[] files = {"backend/server.py", "backend/models.py", "README.md"};
        int[] lengths = {90, 29, 15};
        int f = random.nextInt(files.length);
        int start = 1 + random.nextInt(lengths[f] - 1);
        int end = Math.min(lengths[f], start + random.nextInt(12));
        yield questions.getLines(files[f], start, end);
      }
      // The "#i" keeps each question out of the answer cache (its key holds the question), so every
      // explanation is a model call. Measured: "(request i)" instead made the relevance gate refuse
      // most of them (a number word outweighs the question in BM25 on a small repository; issue 8).
      case 2 -> questions.find(List.of("Where are the HTTP routes defined?", "How is a password checked at login?",
          "Where is the session token created?", "How does the server answer a login request?")
          .get(random.nextInt(4)) + " #" + i);
      default -> questions.explainWithCoaching("How can I add OAuth authentication to the login? #" + i);
    };
  }

  private void start(String name) throws Exception {
    running.put(name, processes.start(name, starts.incrementAndGet()));
  }

  /** Restarts what exits by itself, as a supervisor does; a kill the campaign made is not such an exit. */
  private void supervise() {
    supervising = true;
    supervisor = Thread.ofPlatform().daemon().name("chaos-supervisor").start(() -> {
      while (supervising) {
        for (var entry : running.entrySet()) {
          if (!entry.getValue().isAlive() && !beingKilled.containsKey(entry.getKey()) && supervising) {
            unexpectedExits.merge(entry.getKey(), 1, Integer::sum);
            try {
              start(entry.getKey());
            } catch (Exception e) {
              throw new IllegalStateException("cannot restart " + entry.getKey(), e);
            }
          }
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
  }

  private void stopSupervising() throws InterruptedException {
    supervising = false;
    if (supervisor != null) {
      supervisor.interrupt();
      supervisor.join();
    }
  }

  @Override
  public void close() throws Exception {
    stopSupervising();
    for (String name : SERVICES.reversed()) {
      JavaProcess process = running.remove(name);
      if (process != null) {
        process.stop(Duration.ofSeconds(20));
      }
    }
    JavaProcess broker = running.remove("broker");
    if (broker != null) {
      broker.stop(Duration.ofSeconds(20));
    }
    model.close();
  }

  /** One kill for each target, spread evenly over the load. */
  static List<Fault> spread(List<String> targets) {
    List<Fault> faults = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      faults.add(new Fault(targets.get(i), (i + 1.0) / (targets.size() + 1)));
    }
    return faults;
  }

  /** {@code bin/chaos [QUESTIONS] [CONCURRENCY] [TARGETS]}: the long campaign; prints the figures. */
  public static void main(String[] args) throws Exception {
    int questions = args.length > 0 ? Integer.parseInt(args[0]) : 240;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Path work = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "chaos-");
    System.out.println("campaign: " + questions + " questions, " + concurrency + " at once; work directory " + work);
    // A third argument names the processes to kill, e.g. "broker,coordinator" (default: every kind, in turn).
    List<Fault> faults = args.length > 2 ? spread(List.of(args[2].split(","))) : Settings.everyKind();
    Report report = run(new Settings(questions, concurrency, faults, work, Duration.ofSeconds(3)));
    System.out.println(report.table());
    System.out.println("work directory (logs): " + work);
    boolean clean = report.unanswered() == 0 && report.duplicateResponses() == 0 && report.repeatedHandlerRuns() == 0
        && report.duplicateResults() == 0 && report.repeatedModelCalls() == 0;
    System.exit(clean ? 0 : 1);
  }
}
