package dev.orkestra.retriever.eval;

import dev.orkestra.events.common.RepoKind;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.retriever.embed.MiniLmEmbedder;
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
import java.util.stream.Stream;

/**
 * Retrieval quality on a real codebase: Gson's sources, 40 answerable questions with the files to cite
 * and 14 it cannot answer (the calibration set), plus 7 + 8 written after calibration (held
 * out). Prints, per search mode over the same index, file-level hit@1, hit@5 and
 * MRR, line-level hit@5, how many answerable questions were wrongly gated to nothing, and the share of
 * unanswerable questions correctly answered with no candidate. Run through
 * {@code RetrievalEvaluationTest} (see docs/retrieval.md); {@code -Deval.verbose=true} adds a line per
 * question with the signals of the best candidate, which is what the relevance gate was calibrated on.
 */
public final class RetrievalEvaluation {

  static final String QUESTIONS = "/eval/gson-questions.yaml";
  static final int MAX_CANDIDATES = 10;

  /** Figures of one search mode. */
  record Figures(SearchMode mode, int answerable, double hit1, double hit5, double mrr, double lineHit5,
      double ungatedHit5, int wronglyGated, int unanswerable, int correctlyEmpty, double millisPerQuery) {

    double notAvailableShare() {
      return unanswerable == 0 ? 0 : (double) correctlyEmpty / unanswerable;
    }
  }

  record Report(IndexReport index, List<Figures> figures, List<Figures> heldOut) {

    /** The figures of {@code mode} on the calibration set, or on the held-out one. */
    Figures figures(SearchMode mode, boolean ofHeldOut) {
      return (ofHeldOut ? heldOut : figures).stream().filter(f -> f.mode() == mode).findFirst()
          .orElseThrow(() -> new IllegalArgumentException(mode + " was not evaluated"));
    }
  }

  private RetrievalEvaluation() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/eval");
    run(work, System.out, Boolean.getBoolean("eval.verbose"), modes("all"));
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

  static Report run(Path work, PrintStream out, boolean verbose, Set<SearchMode> modes) throws Exception {
    EvalQuestions questions = EvalQuestions.load(QUESTIONS);
    Path repoDir = work.resolve("repo");
    // Rebuilt each run (a new commit of the same blobs): the index under work/index reuses every
    // chunk's embedding, so only a run after a clean build embeds the corpus.
    deleteTree(repoDir);
    String sha = GsonCorpus.build(repoDir);
    MiniLmEmbedder embedder = MiniLmEmbedder.shared(work.resolve("native"));
    RepoRef repo = RepoRef.newBuilder().setKind(RepoKind.LOCAL).setRepo(repoDir.toString()).setRef("main")
        .setCommitSha(sha).build();
    try (IndexManager indexes = new IndexManager(work.resolve("index"), embedder,
            new LoggingProgressListener(20, Duration.ofSeconds(5)));
        LocalGitSource reader = new LocalGitSource(work.resolve("clones"), SourceLimits.DEFAULT, SourcePolicy.localRoots(work))) {
      CommitIndex index = indexes.open(repo, reader);
      IndexReport report = index.report();
      out.printf(Locale.ROOT, "corpus: gson %s, %d files indexed (%d read, %d unchanged), %d chunks embedded, %d "
              + "embeddings reused, %d ms%n", System.getProperty("eval.gson.version", "?"), report.filesInCommit(),
          report.filesIndexed(), report.filesUnchanged(), report.chunksEmbedded(), report.embeddingsReused(),
          report.elapsed().toMillis());
      HybridSearcher searcher = new HybridSearcher(embedder, RelevanceGate.DEFAULT);
      List<Figures> figures = new ArrayList<>();
      List<Figures> heldOut = new ArrayList<>();
      for (SearchMode mode : modes) {
        figures.add(evaluate(searcher, index, questions, mode, verbose ? out : null));
        heldOut.add(evaluate(searcher, index, questions.heldOut(), mode, verbose ? out : null));
      }
      out.printf(Locale.ROOT, "%ncalibration set: %d answerable, %d unanswerable questions; %d candidates per "
          + "question%n", questions.questions().size(), questions.unanswerable().size(), MAX_CANDIDATES);
      print(figures, out);
      out.printf(Locale.ROOT, "held-out set (written after calibration): %d answerable, %d unanswerable%n",
          questions.heldOut().questions().size(), questions.heldOut().unanswerable().size());
      print(heldOut, out);
      return new Report(report, figures, heldOut);
    }
  }

  private static Figures evaluate(HybridSearcher searcher, CommitIndex index, EvalQuestions questions,
      SearchMode mode, PrintStream verbose) throws IOException {
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
      Set<String> expected = new LinkedHashSet<>();
      q.expect().forEach(e -> expected.add(questions.repoPath(e)));
      int rank = firstRank(files(result.hits()), expected);
      hit1 += rank == 1 ? 1 : 0;
      hit5 += rank >= 1 && rank <= 5 ? 1 : 0;
      mrr += rank >= 1 ? 1.0 / rank : 0;
      int ungated = firstRank(files(result.ranked()), expected);
      ungatedHit5 += ungated >= 1 && ungated <= 5 ? 1 : 0;
      lineHit5 += linesHit(result.hits(), q, questions) ? 1 : 0;
      wronglyGated += result.hits().isEmpty() ? 1 : 0;
      if (verbose != null) {
        verbose.printf(Locale.ROOT, "  %-14s %s rank=%s %s%n", mode, describe(result), rank < 1 ? "-" : rank,
            q.question());
      }
      dump(mode, q.question(), true, result, expected);
    }
    int correctlyEmpty = 0;
    for (String question : questions.unanswerable()) {
      long start = System.nanoTime();
      SearchResult result = searcher.search(index, question, MAX_CANDIDATES, mode);
      nanos += System.nanoTime() - start;
      correctlyEmpty += result.hits().isEmpty() ? 1 : 0;
      dump(mode, question, false, result, Set.of());
      if (verbose != null) {
        verbose.printf(Locale.ROOT, "  %-14s %s %s UNANSWERABLE %s%n", mode, describe(result),
            result.hits().isEmpty() ? "ok  " : "MISS", question);
      }
    }
    int n = Math.max(1, questions.questions().size());
    int total = Math.max(1, questions.questions().size() + questions.unanswerable().size());
    return new Figures(mode, questions.questions().size(), hit1 / n, hit5 / n, mrr / n, lineHit5 / n,
        ungatedHit5 / n, wronglyGated,
        questions.unanswerable().size(), correctlyEmpty, nanos / 1e6 / total);
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
      rows.append(String.format(Locale.ROOT, "%s\t%s\t%b\t%b\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.5f\t%d\t%d\t%s\t%d-%d%n",
          mode, question, answerable, expected.contains(hit.path()), rank, hit.coverage(), hit.cosine(),
          hit.pathShare(), hit.symbolShare(), hit.score(), hit.bm25Rank(), hit.embeddingRank(), hit.path(),
          hit.startLine(), hit.endLine()));
    }
    Files.writeString(Path.of(file), rows, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** Distinct files in candidate order. */
  static List<String> files(List<SearchHit> hits) {
    return new ArrayList<>(hits.stream().map(SearchHit::path).collect(java.util.stream.Collectors.toCollection(
        LinkedHashSet::new)));
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
    out.println("| mode | hit@1 | hit@5 | MRR | line hit@5 | hit@5 without gate | answerable gated to nothing "
        + "| correct not_available | ms/query |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (Figures f : figures) {
      out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.3f | %.2f | %.2f | %d/%d | %d/%d (%.0f%%) | %.1f |%n",
          f.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'), f.hit1(), f.hit5(), f.mrr(), f.lineHit5(),
          f.ungatedHit5(), f.wronglyGated(), f.answerable(), f.correctlyEmpty(), f.unanswerable(),
          f.notAvailableShare() * 100, f.millisPerQuery());
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
