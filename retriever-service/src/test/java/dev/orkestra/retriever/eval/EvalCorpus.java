package dev.orkestra.retriever.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A repository to evaluate retrieval on, and the questions written for it. */
interface EvalCorpus {

  /** The snapshots stored under {@code /eval/NAME/} (see SOURCE.md in each). */
  List<String> SNAPSHOTS = List.of("click", "shiori", "proxbalance");

  String name();

  EvalQuestions questions();

  /** Builds the repository in {@code dir} (a fresh directory); returns the commit SHA to index. */
  String build(Path dir);

  /** Every corpus, Gson first; {@code names} (comma-separated, or {@code all}) picks some. */
  static List<EvalCorpus> select(String names) {
    List<EvalCorpus> all = new ArrayList<>();
    all.add(new GsonCorpus());
    SNAPSHOTS.forEach(name -> all.add(new SnapshotCorpus(name)));
    if (names == null || names.isBlank() || names.strip().equals("all")) {
      return all;
    }
    List<EvalCorpus> picked = new ArrayList<>();
    for (String name : names.split(",")) {
      picked.add(all.stream().filter(c -> c.name().equals(name.strip())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no corpus '" + name.strip() + "'; known: "
              + all.stream().map(EvalCorpus::name).toList())));
    }
    return picked;
  }
}
