package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PathSymbolSignalTest {

  private static QueryWord word(String w) {
    return new QueryWord(w, w, List.of());
  }

  @Test
  void aQuestionWordMatchesAPathSegmentByPrefix() {
    Set<String> path = Set.of("backend", "auth", "py");

    assertThat(PathSymbolSignal.matches(word("authent"), path)).isTrue();   // "authentication", stemmed
    assertThat(PathSymbolSignal.matches(word("backend"), path)).isTrue();
    assertThat(PathSymbolSignal.matches(word("payment"), path)).isFalse();
  }

  @Test
  void shortWordsMatchOnlyExactly() {
    assertThat(PathSymbolSignal.matches(word("py"), Set.of("pyproject"))).isFalse();
    assertThat(PathSymbolSignal.matches(word("api"), Set.of("apis"))).isFalse();
  }

  @Test
  void aCompoundNeedsAllItsPartsNotJustAPrefixOfItsWhole() {
    QueryWord serializer = new QueryWord("JsonSerializer", "jsonseri", List.of("json", "serial"));

    assertThat(PathSymbolSignal.matches(serializer, Set.of("json", "adapt", "factori"))).isFalse();
    assertThat(PathSymbolSignal.matches(serializer, Set.of("json", "serial", "context"))).isTrue();
    assertThat(PathSymbolSignal.matches(serializer, Set.of("jsonseri"))).isTrue();
  }

  @Test
  void theShareIsWeightedByTheWordsWeights() {
    List<QueryWord> words = List.of(word("auth"), word("token"));

    assertThat(PathSymbolSignal.share(words, new double[] {3, 1}, Set.of("auth"))).isEqualTo(0.75);
    assertThat(PathSymbolSignal.share(words, new double[] {3, 1}, Set.of())).isZero();
  }
}
