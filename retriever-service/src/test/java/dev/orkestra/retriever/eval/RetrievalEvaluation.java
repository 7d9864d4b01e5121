package dev.orkestra.retriever.eval;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.retriever.embed.EmbeddingModelChoice;
import dev.orkestra.retriever.embed.InProcessEmbedder;
import dev.orkestra.retriever.index.CommitIndex;
import dev.orkestra.retriever.index.IndexManager;
import dev.orkestra.retriever.index.IndexReport;
import dev.orkestra.retriever.index.LoggingProgressListener;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.RelevanceGate;
import dev.orkestra.retriever.search.SearchHit;
import dev.orkestra.retriever.search.SearchMode;
import dev.orkestra.retriever.search.SearchResult;
import dev.orkestra.runtime.source.LocalGitSource;
import dev.orkestra.runtime.source.SourceLimits;
import dev.orkestra.runtime.source.SourcePolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Retrieval quality on real repositories ({@link EvalCorpus}: Gson's sources and the pinned
 * snapshots under {@code /eval/}), each with a tuning half and a held-out half of questions. Prints,
 * per corpus and half, for each search mode over the same index and for a whole-file BM25 baseline:
 * file-level hit@1, hit@5 and MRR, line-level hit@5, answerable questions refused (gated to
 * nothing) and unanswerable ones refused. Run by {@code bin/eval} (all modes, every corpus) and, as a
 * check with floors, by {@code RetrievalEvaluationTest}; see docs/retrieval.md. {@code
 * -Deval.verbose=true} adds a line per tuning question with the signals of the best candidate (held-out
 * questions only ever count).
 */
public final class RetrievalEvaluation {

  static final int MAX_CANDIDATES = 10;
  static final String BASELINE = "whole-file bm25";

  /** Figures of one system (a search mode, or the baseline) on one half of a question set. */
  record Figures(String system, int answerable, double hit1, double hit5, double mrr, double lineHit5,
      double ungatedHit5, int wronglyGated, int unanswerable, int correctlyEmpty, double millisPerQuery) {

    double notAvailableShare() {
      return unanswerable == 0 ? 0 : (double) correctlyEmpty / unanswerable;
    }

    double refusedAnswerableShare() {
      return answerable == 0 ? 0 : (double) wronglyGated / answerable;
    }
  }

  /** One corpus: its index, and the figures of each system on the tuning and the held-out half. */
  record Report(String corpus, IndexReport index, List<Figures> tuning, List<Figures> heldOut) {

    Figures figures(String system, boolean ofHeldOut) {
      return (ofHeldOut ? heldOut : tuning).stream().filter(f -> f.system().equals(system)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(system + " was not evaluated on " + corpus));
    }

    Figures figures(SearchMode mode, boolean ofHeldOut) {
      return figures(label(mode), ofHeldOut);
    }
  }

  private RetrievalEvaluation() {}

  /** {@code bin/eval}: arguments = corpus names (default all); every search mode and the baseline. */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(System.getProperty("eval.work", "retriever-service/target/eval"));
    String names = args.length == 0 ? "all" : String.join(",", args);
    for (EvalCorpus corpus : EvalCorpus.select(names)) {
      run(corpus, work, System.out, Boolean.getBoolean("eval.verbose"),
          modes(System.getProperty("eval.modes", "all")));
    }
  }

  /** {@code hybrid}, {@code bm25-only}, {@code embedding-only} (comma-separated) or {@code all}. */
  static Set<SearchMode> modes(String names) {
    if (names.strip().equals("all")) {
      return EnumSet.allOf(SearchMode.class);
    }
    Set<SearchMode> modes = EnumSet.noneOf(SearchMode.class);
    for (String name : names.split(",")) {
      modes.add(SearchMode.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
    }
    return modes;
  }

  static String label(SearchMode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  static Report run(EvalCorpus corpus, Path work, PrintStream out, boolean verbose, Set<SearchMode> modes)
      throws Exception {
    EvalQuestions questions = corpus.questions();
    Path corpusDir = work.resolve(corpus.name());
    Path repoDir = corpusDir.resolve("repo");
    // Rebuilt each run (the same blobs): the index under work/NAME/index reuses every chunk's
    // embedding, so only a run after a clean build embeds the corpus.
    deleteTree(repoDir);
    String sha = corpus.build(repoDir);
    // -Deval.embedding=ID measures another embedding model (EmbeddingModelChoice).
    InProcessEmbedder embedder = InProcessEmbedder.shared(
        EmbeddingModelChoice.of(System.getProperty("eval.embedding", EmbeddingModelChoice.DEFAULT.id())), work.resolve("native"));
    RepoRef repo = RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repoDir.toString()).setRef("main")
        .setCommitSha(sha).build();
    try (IndexManager indexes = new IndexManager(corpusDir.resolve("index"), embedder,
            new LoggingProgressListener(20, Duration.ofSeconds(5)));
        LocalGitSource reader = new LocalGitSource(corpusDir.resolve("clones"), SourceLimits.DEFAULT,
            SourcePolicy.localRoots(work));
        WholeFileBm25 baseline = new WholeFileBm25(repoDir, sha)) {
      CommitIndex index = indexes.open(repo, reader);
      IndexReport report = index.report();
      double seconds = Math.max(0.001, report.elapsed().toMillis() / 1000.0);
      out.printf(Locale.ROOT, "%n## %s%n%ncorpus: %s, %d files indexed (%d read, %d unchanged), %d chunks embedded, "
              + "%d embeddings reused, %d ms (%.1f files/s, %.1f chunks/s embedded)%n", corpus.name(), corpus.name(),
          report.filesInCommit(), report.filesIndexed(), report.filesUnchanged(), report.chunksEmbedded(),
          report.embeddingsReused(), report.elapsed().toMillis(), report.filesIndexed() / seconds,
          report.chunksEmbedded() / seconds);
      // -Deval.gate=COSINE_WEIGHT,THRESHOLD[,CANDIDATE_FLOOR] tries another hybrid gate (for tuning on the tuning halves).
      RelevanceGate gate = RelevanceGate.DEFAULT;
      String tried = System.getProperty("eval.gate");
      if (tried != null) {
        String[] values = tried.split(",");
        gate = new RelevanceGate(Double.parseDouble(values[0]), Double.parseDouble(values[1]), gate.bm25Threshold(),
            gate.embeddingThreshold(), values.length > 2 ? Double.parseDouble(values[2]) : gate.candidateFloor());
      }
      HybridSearcher searcher = new HybridSearcher(embedder, gate);
      List<Figures> tuning = new ArrayList<>();
      List<Figures> heldOut = new ArrayList<>();
      for (SearchMode mode : modes) {
        tuning.add(evaluate(searcher, index, questions, mode, verbose ? out : null, true));
        // Never verbose: what the held-out questions retrieve is not looked at while tuning.
        heldOut.add(evaluate(searcher, index, questions.heldOut(), mode, null, false));
      }
      tuning.add(evaluate(baseline, questions));
      heldOut.add(evaluate(baseline, questions.heldOut()));
      out.printf(Locale.ROOT, "%ntuning half: %d answerable, %d unanswerable questions; %d candidates per question%n",
          questions.questions().size(), questions.unanswerable().size(), MAX_CANDIDATES);
      print(tuning, out);
      out.printf(Locale.ROOT, "held-out half (never used for tuning): %d answerable, %d unanswerable%n",
          questions.heldOut().questions().size(), questions.heldOut().unanswerable().size());
      print(heldOut, out);
      return new Report(corpus.name(), report, tuning, heldOut);
    }
  }

  private static Figures evaluate(HybridSearcher searcher, CommitIndex index, EvalQuestions questions,
      SearchMode mode, PrintStream verbose, boolean tuning) throws IOException {
    double hit1 = 0;
    double hit5 = 0;
    double mrr = 0;
    double lineHit5 = 0;
    double ungatedHit5 = 0;
    int wronglyGated = 0;
    long nanos = 0;
    for (EvalQuestions.Question q : questions.questions()) {
      long start = System.nanoTime();
      SearchResult result = searcher.search(index, q.question(), MAX_CANDIDATES, mode);
      nanos += System.nanoTime() - start;
      Set<String> expected = expectedFiles(q, questions);
      int rank = firstRank(files(result.hits()), expected);
      hit1 += rank == 1 ? 1 : 0;
      hit5 += rank >= 1 && rank <= 5 ? 1 : 0;
      mrr += rank >= 1 ? 1.0 / rank : 0;
      int ungated = firstRank(files(result.ranked()), expected);
      ungatedHit5 += ungated >= 1 && ungated <= 5 ? 1 : 0;
      lineHit5 += linesHit(result.hits(), q, questions) ? 1 : 0;
      wronglyGated += result.hits().isEmpty() ? 1 : 0;
      if (verbose != null) {
        verbose.printf(Locale.ROOT, "  %-14s %s rank=%s %s%n", label(mode), describe(result),
            rank < 1 ? "-" : rank, q.question());
      }
      if (tuning) {
        dump(mode, q.question(), true, result, expected);
      }
    }
    int correctlyEmpty = 0;
    for (String question : questions.unanswerable()) {
      long start = System.nanoTime();
      SearchResult result = searcher.search(index, question, MAX_CANDIDATES, mode);
      nanos += System.nanoTime() - start;
      correctlyEmpty += result.hits().isEmpty() ? 1 : 0;
      if (tuning) {
        dump(mode, question, false, result, Set.of());
      }
      if (verbose != null) {
        verbose.printf(Locale.ROOT, "  %-14s %s %s UNANSWERABLE %s%n", label(mode), describe(result),
            result.hits().isEmpty() ? "ok  " : "MISS", question);
      }
    }
    int n = Math.max(1, questions.questions().size());
    int total = Math.max(1, questions.questions().size() + questions.unanswerable().size());
    return new Figures(label(mode), questions.questions().size(), hit1 / n, hit5 / n, mrr / n, lineHit5 / n,
        ungatedHit5 / n, wronglyGated, questions.unanswerable().size(), correctlyEmpty, nanos / 1e6 / total);
  }

  /** The baseline: files only, so line hit@5 counts an expected file given without lines, and it never refuses. */
  private static Figures evaluate(WholeFileBm25 baseline, EvalQuestions questions) throws IOException {
    double hit1 = 0;
    double hit5 = 0;
    double mrr = 0;
    long nanos = 0;
    for (EvalQuestions.Question q : questions.questions()) {
      long start = System.nanoTime();
      List<String> ranked = baseline.rank(q.question(), MAX_CANDIDATES);
      nanos += System.nanoTime() - start;
      int rank = firstRank(ranked, expectedFiles(q, questions));
      hit1 += rank == 1 ? 1 : 0;
      hit5 += rank >= 1 && rank <= 5 ? 1 : 0;
      mrr += rank >= 1 ? 1.0 / rank : 0;
    }
    int n = Math.max(1, questions.questions().size());
    return new Figures(BASELINE, questions.questions().size(), hit1 / n, hit5 / n, mrr / n, Double.NaN, hit5 / n, 0,
        questions.unanswerable().size(), 0, nanos / 1e6 / n);
  }

  private static Set<String> expectedFiles(EvalQuestions.Question q, EvalQuestions questions) {
    Set<String> expected = new LinkedHashSet<>();
    q.expect().forEach(e -> expected.add(questions.repoPath(e)));
    return expected;
  }

  /** With {@code -Deval.dump=FILE}: every ranked candidate's signals as CSV, the data the gate is calibrated on. */
  private static void dump(SearchMode mode, String question, boolean answerable, SearchResult result,
      Set<String> expected) throws IOException {
    String file = System.getProperty("eval.dump");
    if (file == null) {
      return;
    }
    StringBuilder rows = new StringBuilder();
    int rank = 0;
    for (SearchHit hit : result.ranked()) {
      rank++;
      rows.append(String.format(Locale.ROOT, "%s\t%s\t%b\t%b\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.5f\t%d\t%d\t%s\t%d-%d\t%b%n",
          mode, question, answerable, expected.contains(hit.path()), rank, hit.coverage(), hit.cosine(),
          hit.pathShare(), hit.symbolShare(), hit.score(), hit.bm25Rank(), hit.embeddingRank(), hit.path(),
          hit.startLine(), hit.endLine(), result.hits().isEmpty()));
    }
    Files.writeString(Path.of(file), rows, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Distinct files in candidate order. */
  static List<String> files(List<SearchHit> hits) {
    return new ArrayList<>(hits.stream().map(SearchHit::path).collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /** 1-based rank of the first expected file, 0 when none is there. */
  static int firstRank(List<String> files, Set<String> expected) {
    for (int i = 0; i < files.size(); i++) {
      if (expected.contains(files.get(i))) {
        return i + 1;
      }
    }
    return 0;
  }

  /** Does a top-5 candidate overlap an expected line range (or hit an expected file given without lines)? */
  private static boolean linesHit(List<SearchHit> hits, EvalQuestions.Question q, EvalQuestions questions) {
    for (SearchHit hit : hits.subList(0, Math.min(5, hits.size()))) {
      for (EvalQuestions.Expected e : q.expect()) {
        if (!questions.repoPath(e).equals(hit.path())) {
          continue;
        }
        if (e.lines() == null || (hit.startLine() <= e.endLine() && hit.endLine() >= e.startLine())) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describe(SearchResult result) {
    if (result.ranked().isEmpty()) {
      return String.format(Locale.ROOT, "%-62s", "(nothing ranked)");
    }
    SearchHit top = result.ranked().stream().max(Comparator.comparingDouble(SearchHit::coverage)).orElseThrow();
    SearchHit first = result.ranked().getFirst();
    double bestCosine = result.ranked().stream().mapToDouble(SearchHit::cosine).max().orElse(0);
    return String.format(Locale.ROOT, "hits=%2d maxCov=%.2f(cos %.2f) first=%s cov=%.2f cos=%.2f maxCos=%.2f",
        result.hits().size(), top.coverage(), top.cosine(), shortName(first.path()), first.coverage(), first.cosine(),
        bestCosine);
  }

  private static String shortName(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return String.format(Locale.ROOT, "%-28s", name.length() > 28 ? name.substring(0, 28) : name);
  }

  static void print(List<Figures> figures, PrintStream out) {
    out.println("| system | hit@1 | hit@5 | MRR | line hit@5 | hit@5 without gate | answerable refused "
        + "| unanswerable refused | ms/query |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (Figures f : figures) {
      out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %s | %.2f | %d/%d (%.0f%%) | %d/%d (%.0f%%) | %.1f |%n",
          f.system(), f.hit1(), f.hit5(), f.mrr(), Double.isNaN(f.lineHit5()) ? "-" : String.format(Locale.ROOT,
              "%.2f", f.lineHit5()), f.ungatedHit5(), f.wronglyGated(), f.answerable(),
          f.refusedAnswerableShare() * 100, f.correctlyEmpty(), f.unanswerable(), f.notAvailableShare() * 100,
          f.millisPerQuery());
    }
    out.println();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
