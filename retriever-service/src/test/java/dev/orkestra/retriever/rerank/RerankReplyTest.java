package dev.orkestra.retriever.rerank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.retriever.search.SearchHit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rerank reply parser against hostile replies, and the invariant: only reorder or drop what exists. */
class RerankReplyTest {

  private static final List<SearchHit> CANDIDATES = List.of(
      hit("backend/server.py", 1, 28, 0.39), hit("backend/auth.py", 28, 57, 0.39), hit("backend/models.py", 1, 27, 0.3),
      hit("frontend/src/api.js", 1, 20, 0.2), hit("backend/auth.py", 1, 25, 0.1));

  @Test
  void keepsTheNamedCandidatesInTheModelsOrder() {
    RerankReply reply = RerankReply.parse("{\"keep\": [2, 1]}", 5);

    assertThat(reply.usable()).isTrue();
    assertThat(reply.order()).containsExactly(1, 0);
    assertThat(CandidateReranker.apply(reply, CANDIDATES, 5)).containsExactly(CANDIDATES.get(1), CANDIDATES.get(0));
  }

  @Test
  void readsFencesProseBareListsAndNumbersWrittenAsText() {
    assertThat(RerankReply.parse("```json\n{\"keep\": [3, 1]}\n```", 5).order()).containsExactly(2, 0);
    assertThat(RerankReply.parse("Sure! Here is my ranking {ranked}: {\"keep\": [4]} hope it helps", 5).order())
        .containsExactly(3);
    assertThat(RerankReply.parse("[5, 2]", 5).order()).containsExactly(4, 1);
    assertThat(RerankReply.parse("{\"keep\": [\"3\", \"[1]\", \"#2\", 4.0]}", 5).order()).containsExactly(2, 0, 1, 3);
  }

  @Test
  void ignoresUnknownNumbersDuplicatesAndPaths() {
    RerankReply reply = RerankReply.parse("{\"keep\": [7, 2, 0, -1, 2, \"backend/evil.py:1-99\", 2.5, {\"n\": 1}, 1]}", 5);

    assertThat(reply.usable()).isTrue();
    assertThat(reply.order()).containsExactly(1, 0);
    assertThat(reply.ignored()).containsExactly("7", "0", "-1", "2", "\"backend/evil.py:1-99\"", "2.5", "{\"n\":1}");
  }

  @Test
  void aReplyNamingOnlyPathsOrUnknownNumbersIsUnusableAndKeepsTheSearchOrder() {
    RerankReply paths = RerankReply.parse("{\"keep\": [\"backend/auth.py\", \"src/new_file.py:1-10\"]}", 5);
    RerankReply unknown = RerankReply.parse("{\"keep\": [6, 99, 1000000]}", 5);

    assertThat(paths.usable()).isFalse();
    assertThat(paths.problem()).startsWith("none of its 2 entries names a shown candidate (1-5)");
    assertThat(unknown.usable()).isFalse();
    assertThat(CandidateReranker.apply(paths, CANDIDATES, 5)).isEqualTo(CANDIDATES);
    assertThat(CandidateReranker.apply(unknown, CANDIDATES, 5)).isEqualTo(CANDIDATES);
  }

  @Test
  void noJsonOrNoListIsUnusable() {
    assertThat(RerankReply.parse("The answer is in backend/auth.py.", 5).problem()).isEqualTo("no JSON in the reply");
    assertThat(RerankReply.parse("{\"keep\": [1, 2", 5).problem()).isEqualTo("no JSON in the reply");
    assertThat(RerankReply.parse("{\"ranking\": [1, 2]}", 5).problem()).isEqualTo("the reply has no \"keep\" list");
    assertThat(RerankReply.parse("{\"keep\": \"1, 2\"}", 5).usable()).isFalse();
    assertThat(RerankReply.parse("", 5).usable()).isFalse();
    assertThat(RerankReply.parse(null, 5).usable()).isFalse();
  }

  @Test
  void anEmptyListKeepsTheSearchsFirstCandidate() {
    RerankReply none = RerankReply.parse("{\"keep\": []}", 5);

    assertThat(none.usable()).isTrue();
    assertThat(none.order()).isEmpty();
    assertThat(CandidateReranker.apply(none, CANDIDATES, 5)).containsExactly(CANDIDATES.getFirst());
  }

  @Test
  void candidatesThatWereNotShownKeepTheirPlaceAfterTheKeptOnes() {
    RerankReply reply = RerankReply.parse("[2]", 3);

    assertThat(CandidateReranker.apply(reply, CANDIDATES, 3))
        .containsExactly(CANDIDATES.get(1), CANDIDATES.get(3), CANDIDATES.get(4));
  }

  /** Property: whatever the reply, the result is a non-empty selection of the candidates, each at most once. */
  @Test
  void noReplyCanIntroduceOrRepeatALocation() {
    Random random = new Random(20261202);
    int usable = 0;
    for (int i = 0; i < 5_000; i++) {
      List<SearchHit> candidates = CANDIDATES.subList(0, 1 + random.nextInt(CANDIDATES.size()));
      int shown = 1 + random.nextInt(candidates.size());
      String text = hostileReply(random);
      RerankReply reply = RerankReply.parse(text, shown);
      List<SearchHit> result = CandidateReranker.apply(reply, candidates, shown);

      assertThat(result).as(text).isNotEmpty().isSubsetOf(candidates).doesNotHaveDuplicates();
      assertThat(reply.order()).as(text).allMatch(p -> p >= 0 && p < shown).doesNotHaveDuplicates();
      if (!reply.usable()) {
        assertThat(result).as(text).isEqualTo(candidates);
      } else {
        usable++;
        Set<SearchHit> unshown = new HashSet<>(candidates.subList(shown, candidates.size()));
        assertThat(result).as(text).containsAll(unshown);
      }
    }
    assertThat(usable).as("the generator also produces usable replies").isGreaterThan(1_000);
  }

  private static String hostileReply(Random random) {
    List<String> entries = new ArrayList<>();
    int n = random.nextInt(8);
    for (int i = 0; i < n; i++) {
      entries.add(switch (random.nextInt(9)) {
        case 0, 1, 2 -> Integer.toString(random.nextInt(9) - 2);
        case 3 -> "\"" + (1 + random.nextInt(7)) + "\"";
        case 4 -> "\"backend/auth.py:" + random.nextInt(100) + "-" + random.nextInt(100) + "\"";
        case 5 -> "{\"path\": \"x.py\", \"n\": " + random.nextInt(5) + "}";
        case 6 -> random.nextInt(5) + ".5";
        case 7 -> "null";
        default -> "[" + random.nextInt(5) + "]";
      });
    }
    String list = "[" + String.join(", ", entries) + "]";
    return switch (random.nextInt(7)) {
      case 0 -> list;
      case 1 -> "{\"keep\": " + list + "}";
      case 2 -> "```json\n{\"keep\": " + list + "}\n```";
      case 3 -> "I would keep {\"keep\": " + list + "} and also add src/new.py:1-9";
      case 4 -> "{\"keep\": " + list; // cut off
      case 5 -> "{\"candidates\": " + list + "}";
      default -> "keep " + String.join(" ", entries);
    };
  }

  static SearchHit hit(String path, int start, int end, double score) {
    return new SearchHit(path, start, end, "b".repeat(40), "bbbbbbbbbbbb:" + start + "-" + end, score, "hybrid", 0.5, 0.5,
        1, 1, 0, 0, "def f():\n    return 1\n");
  }
}
