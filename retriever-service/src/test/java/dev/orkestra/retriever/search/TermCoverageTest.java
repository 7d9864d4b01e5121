package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TermCoverageTest {

  /** A repository of 100 chunks where "token" is common, "parse" rarer and "oauth" absent. */
  private static final TermCoverage.Stats STATS = new TermCoverage.Stats() {
    private final Map<String, Integer> df = Map.of("token", 40, "parse", 5, "json", 60, "reader", 10);

    @Override
    public int docFreq(String term) {
      return df.getOrDefault(term, 0);
    }

    @Override
    public int docCount() {
      return 100;
    }
  };

  private static QueryWord word(String w) {
    return new QueryWord(w, w, List.of());
  }

  @Test
  void aWordTheRepositoryNeverUsesWeighsMost() {
    double[] weights = TermCoverage.weights(List.of(word("oauth"), word("token"), word("parse")), STATS);

    assertThat(weights[0]).isGreaterThan(weights[2]).isGreaterThan(weights[1]);
    assertThat(weights[0]).isCloseTo(TermCoverage.idf(0, 100), within(1e-9));
  }

  @Test
  void commonWordsAloneCannotMakeAnAbsentSubjectRelevant() {
    List<QueryWord> words = List.of(word("oauth"), word("token"), word("refresh"));
    double[] weights = TermCoverage.weights(words, STATS);

    double coverage = TermCoverage.coverage(words, weights, Set.of("token", "json", "reader"));

    assertThat(coverage).isLessThan(0.2);
  }

  @Test
  void allWordsPresentIsFullCoverage() {
    List<QueryWord> words = List.of(word("token"), word("parse"));
    double[] weights = TermCoverage.weights(words, STATS);

    assertThat(TermCoverage.coverage(words, weights, Set.of("token", "parse", "other"))).isEqualTo(1.0);
    assertThat(TermCoverage.coverage(words, weights, Set.of())).isZero();
    assertThat(TermCoverage.coverage(List.of(), new double[0], Set.of("token"))).isZero();
  }

  @Test
  void aCompoundIsCoveredByItsWholeOrByAllItsParts() {
    QueryWord jsonReader = new QueryWord("JsonReader", "jsonread", List.of("json", "reader"));
    double[] weights = TermCoverage.weights(List.of(jsonReader), STATS);

    assertThat(TermCoverage.coverage(List.of(jsonReader), weights, Set.of("jsonread"))).isEqualTo(1.0);
    assertThat(TermCoverage.coverage(List.of(jsonReader), weights, Set.of("json", "reader"))).isEqualTo(1.0);
    assertThat(TermCoverage.coverage(List.of(jsonReader), weights, Set.of("json"))).isZero();
    // Absent as a whole, the compound weighs as much as its rarest part.
    assertThat(weights[0]).isCloseTo(TermCoverage.idf(10, 100), within(1e-9));
  }
}
