package dev.orkestra.implementer.edit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NearestLinesTest {

  @Test
  void theClosestWindowIsShownWithContext() {
    List<String> file = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      file.add("line " + i);
    }
    file.set(9, "    def fuse(self, results):");
    file.set(10, "        return sorted(results)");

    var nearest = NearestLines.find(file, List.of("def fuse(self, results):", "    return sorted(results)"));

    assertThat(nearest).hasValueSatisfying(snippet -> {
      assertThat(snippet.start()).isEqualTo(10 - NearestLines.CONTEXT);
      assertThat(snippet.end()).isEqualTo(11 + NearestLines.CONTEXT);
      assertThat(snippet.text()).contains("    def fuse(self, results):\n        return sorted(results)\n");
    });
  }

  @Test
  void nothingSimilarShowsNothing() {
    assertThat(NearestLines.find(List.of("alpha", "beta"), List.of("zzzz qqqq", "1234 5678"))).isEmpty();
  }

  @Test
  void aLargeFileIsSearchedOnlyWhereALineMatches() {
    List<String> file = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      file.add("filler " + i);
    }
    file.set(40_000, "int anchor = 1;");
    List<String> search = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      search.add(i == 0 ? "int anchor = 1;" : "filler " + (40_000 + i) + "x");
    }

    assertThat(NearestLines.find(file, search)).hasValueSatisfying(s -> assertThat(s.start()).isEqualTo(40_001 - 3));
  }

  @Test
  void similarityRanksWhitespaceOnlyDifferencesHigh() {
    assertThat(NearestLines.similarity("  return x;", "return x;")).isEqualTo(0.9);
    assertThat(NearestLines.similarity("return x;", "return y;")).isBetween(0.5, 0.9);
    assertThat(NearestLines.similarity("abc", "xyz")).isZero();
  }
}
