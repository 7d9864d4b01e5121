package dev.orkestra.e2e;

import dev.orkestra.cli.LocalSystem;
import dev.orkestra.cli.query.QueryClient;
import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.QueryRole;
import dev.orkestra.events.query.ResponseStatus;
import dev.orkestra.runtime.Envelopes;
import dev.orkestra.runtime.source.GitRepoBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * End-to-end latency and throughput of questions through Kafka, next to the same role code called
 * in-process, in one run on one machine. Prints a table; asserts nothing about timings.
 *
 * <p>Scenarios: <b>cached</b> — a question answered before (the coordinator's answer cache; the
 * baseline's map); <b>find</b> — a find question on a warm index that no cache holds (every request
 * names a different ref to the same commit, so the cache key differs while the index is the same).
 *
 * <p>Run with {@code bin/bench [queries-per-run]} (default 200).
 */
public final class QueryBenchmark {

  private static final List<String> QUESTIONS = List.of(
      "Where is authentication implemented?",
      "Where is the session token verified?",
      "How are passwords hashed?",
      "Where are campaigns created?",
      "Which route handles login?",
      "Where is the JSON response written?",
      "How is a creator registered?",
      "Where is the request body read?",
      "How are payouts modelled?",
      "Where does the server start listening?");
  private static final int TAGS = 64;

  private final int queries;
  private final QueryClient client;
  private final InProcessPipeline inProcess;
  private final Path repository;
  private final AtomicInteger variant = new AtomicInteger();
  private final String bootstrapServers;
  /** Prefix of the correlation ids of the row being measured, so the timeline can find them. */
  private volatile String label = "bench-warm-up-";

  private QueryBenchmark(int queries, QueryClient client, InProcessPipeline inProcess, Path repository,
      String bootstrapServers) {
    this.queries = queries;
    this.bootstrapServers = bootstrapServers;
    this.client = client;
    this.inProcess = inProcess;
    this.repository = repository;
  }

  public static void main(String[] args) throws Exception {
    int queries = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    Path tmp = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "bench-");
    Path repository = tmp.resolve("repo");
    try (GitRepoBuilder repo = FixtureRepo.create(repository)) {
      for (int i = 0; i < TAGS; i++) {
        repo.tag("bench-" + i); // many names, one commit: cache misses on a warm index
      }
    }
    System.out.printf("benchmark: %d queries per run, %d cores, Java %s%n", queries,
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    try (LocalSystem system = E2ESystem.start(tmp, tmp.resolve("no-models.yaml"));
        QueryClient client = new QueryClient(system.bootstrapServers());
        InProcessPipeline inProcess = new InProcessPipeline(system.context())) {
      new QueryBenchmark(queries, client, inProcess, repository, system.bootstrapServers()).run();
    }
  }

  private void run() throws Exception {
    warmUp();
    List<Row> rows = new ArrayList<>();
    for (int concurrency : new int[] {1, 32}) {
      rows.add(measure("cached", "kafka", concurrency, this::cachedQuestion, true));
      rows.add(measure("cached", "in-process", concurrency, this::cachedQuestion, false));
      rows.add(measure("find", "kafka", concurrency, this::freshFind, true));
      rows.add(measure("find", "in-process", concurrency, this::freshFind, false));
    }
    System.out.printf("%n%-8s %-11s %5s %6s %9s %9s %9s %10s%n", "scenario", "mode", "conc", "n", "p50 ms", "p99 ms",
        "mean ms", "q/s");
    for (Row row : rows) {
      System.out.printf(Locale.ROOT, "%-8s %-11s %5d %6d %9.2f %9.2f %9.2f %10.1f%n", row.scenario, row.mode,
          row.concurrency, row.count(), row.p50(), row.p99(), row.mean(), row.throughput());
    }
    System.out.println();
    for (int i = 0; i < rows.size(); i += 2) {
      Row kafka = rows.get(i);
      Row local = rows.get(i + 1);
      System.out.printf(Locale.ROOT, "overhead %-6s conc %2d: kafka p50 - in-process p50 = %7.2f ms (ratio %.2fx)%n",
          kafka.scenario, kafka.concurrency, kafka.p50() - local.p50(), kafka.p50() / Math.max(local.p50(), 0.001));
    }
    HopTimeline.print(bootstrapServers, "bench-cached-kafka-1-");
    HopTimeline.print(bootstrapServers, "bench-find-kafka-1-");
  }

  /** Indexes the repository, loads every code path, and fills both caches. */
  private void warmUp() throws Exception {
    long start = System.nanoTime();
    for (String question : QUESTIONS) {
      QueryRequested request = find(question, "main");
      QueryResponse response = client.ask(request).get(300, TimeUnit.SECONDS);
      if (response.getStatus() == ResponseStatus.ERROR) {
        throw new IllegalStateException("warm-up failed: " + response.getMessage());
      }
      inProcess.ask(find(question, "main"));
    }
    for (int i = 0; i < 20; i++) {
      client.ask(freshFind()).get(60, TimeUnit.SECONDS);
      inProcess.ask(freshFind());
    }
    System.out.printf("warm-up (indexing, model load, first answers): %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
  }

  private QueryRequested cachedQuestion() {
    return find(QUESTIONS.get(variant.getAndIncrement() % QUESTIONS.size()), "main");
  }

  private QueryRequested freshFind() {
    int n = variant.getAndIncrement();
    // question x tag x maxMatches: 10 x 64 x 5 = 3200 distinct cache keys on one commit
    return find(QUESTIONS.get(n % QUESTIONS.size()), "bench-" + (n / QUESTIONS.size()) % TAGS,
        1 + (n / (QUESTIONS.size() * TAGS)) % 5);
  }

  private QueryRequested find(String question, String ref) {
    return find(question, ref, 5);
  }

  private QueryRequested find(String question, String ref, int maxMatches) {
    return QueryRequested.newBuilder()
        .setEnvelope(Envelopes.start(label + UUID.randomUUID(), "bench"))
        .setRole(QueryRole.COACH)
        .setAction(QueryAction.FIND)
        .setRepo(new RepoRef(RepoKind.LOCAL, repository.toString(), ref, null))
        .setQuestion(question)
        .setMaxMatches(maxMatches)
        .build();
  }

  @FunctionalInterface
  private interface Source {
    QueryRequested next();
  }

  private Row measure(String scenario, String mode, int concurrency, Source source, boolean viaKafka) throws Exception {
    // Recorded from many workers at once: the concurrent variant, or counts get lost.
    Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(5), 3);
    AtomicInteger remaining = new AtomicInteger(queries);
    label = "bench-" + scenario + "-" + mode + "-" + concurrency + "-";
    long start = System.nanoTime();
    try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        running.add(workers.submit(() -> {
          while (remaining.getAndDecrement() > 0) {
            QueryRequested request = source.next();
            long t0 = System.nanoTime();
            if (viaKafka) {
              QueryResponse response = client.ask(request).get(120, TimeUnit.SECONDS);
              check(response.getStatus(), response.getMessage());
            } else {
              var answer = inProcess.ask(request);
              check(answer.getStatus(), answer.getMessage());
            }
            histogram.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
          }
          return null;
        }));
      }
      for (Future<?> worker : running) {
        worker.get();
      }
    }
    return new Row(scenario, mode, concurrency, histogram, System.nanoTime() - start);
  }

  private static void check(ResponseStatus status, String message) {
    if (status == ResponseStatus.ERROR) {
      throw new IllegalStateException("benchmark query failed: " + message);
    }
  }

  private record Row(String scenario, String mode, int concurrency, Histogram histogram, long elapsedNanos) {
    long count() {
      return histogram.getTotalCount();
    }

    double p50() {
      return histogram.getValueAtPercentile(50) / 1000.0;
    }

    double p99() {
      return histogram.getValueAtPercentile(99) / 1000.0;
    }

    double mean() {
      return histogram.getMean() / 1000.0;
    }

    double throughput() {
      return count() / (elapsedNanos / 1e9);
    }
  }
}
