package dev.orkestra.retriever.rerank;

import dev.orkestra.events.common.ModelUsage;
import dev.orkestra.retriever.search.HybridSearcher;
import dev.orkestra.retriever.search.SearchHit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Search with the optional retriever model (seed 000's "hybrid stack": fast search, then a model):
 *
 * <ol>
 *   <li>the question is searched as without a model; when the relevance gate lets nothing through,
 *       that is the answer and no model is called (the model cannot make a question answerable);
 *   <li>{@link QueryRewrite}: the model's code terms that the repository mentions are searched
 *       with the question, and the two candidate lists are fused ({@link CandidateFusion});
 *   <li>{@link CandidateReranker}: the model orders the fused candidates and may leave some out;
 *   <li>depth before repetition ({@link HybridSearcher#diverse}) and the requested number, as
 *       without a model.
 * </ol>
 *
 * Every candidate returned is one the search found: the model's words only ever go into a search,
 * and its rerank reply only selects among numbered candidates. When the order differs from the
 * search's, scores are handed out again best first (the best search score to the first candidate,
 * and so on), because later stages order candidates by score. When neither step changed anything
 * (both failed, or the model agreed), the candidates are exactly the search's.
 */
public final class AssistedSearch {

  /** Candidates each search contributes to what the model is shown. */
  static final int POOL = CandidateReranker.MAX_SHOWN;

  /** The commit's index as the assisted search uses it. */
  public interface Index {
    /** What {@code HybridSearcher.search} lets through for {@code question}, best first. */
    List<SearchHit> search(String question, int maxHits) throws IOException;

    /** The words the repository mentions. */
    List<String> mentioned(List<String> words) throws IOException;
  }

  /** @param usage every model call that answered, in call order */
  public record Result(List<SearchHit> hits, List<ModelUsage> usage) {}

  private AssistedSearch() {}

  public static Result search(Index index, String question, int maxHits, ModelStep step) throws Exception {
    List<SearchHit> asked = index.search(question, Math.max(maxHits, POOL));
    if (asked.isEmpty()) {
      return new Result(List.of(), step.usage());
    }
    List<SearchHit> plain = asked.subList(0, Math.min(maxHits, asked.size()));
    List<SearchHit> pool = asked;
    List<String> proposed = QueryRewrite.terms(step, question);
    List<String> terms = proposed.isEmpty() ? List.of() : index.mentioned(proposed);
    if (terms.isEmpty() && !proposed.isEmpty()) {
      step.unusable("question rewrite", "the repository mentions none of its terms " + proposed);
    } else if (!terms.isEmpty()) {
      pool = CandidateFusion.fuse(asked, index.search(QueryRewrite.expanded(question, terms), POOL));
    }
    List<SearchHit> chosen = HybridSearcher.diverse(CandidateReranker.rerank(step, question, pool), maxHits);
    return new Result(chosen.equals(plain) ? List.copyOf(plain) : bestFirst(chosen), step.usage());
  }

  /** The same candidates in the same order, their scores handed out again from the highest down. */
  static List<SearchHit> bestFirst(List<SearchHit> ordered) {
    List<Double> scores = new ArrayList<>(ordered.stream().map(SearchHit::score).toList());
    scores.sort(Comparator.reverseOrder());
    List<SearchHit> rescored = new ArrayList<>(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      rescored.add(ordered.get(i).withScore(scores.get(i)));
    }
    return List.copyOf(rescored);
  }
}
