package dev.orkestra.retriever.rerank;

import dev.orkestra.retriever.search.ReciprocalRankFusion;
import dev.orkestra.retriever.search.SearchHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidates of the question and of the question with the model's terms, as one list: fused by
 * reciprocal rank over chunks (a chunk both searches found first leads), ties in the order the
 * question's own search gave. Every candidate comes from one of the two searches.
 */
final class CandidateFusion {

  private CandidateFusion() {}

  static List<SearchHit> fuse(List<SearchHit> asked, List<SearchHit> expanded) {
    Map<String, SearchHit> hits = new LinkedHashMap<>();
    Map<String, int[]> ranks = new LinkedHashMap<>();
    List<List<SearchHit>> lists = List.of(asked, expanded);
    for (int list = 0; list < lists.size(); list++) {
      List<SearchHit> ranking = lists.get(list);
      for (int i = 0; i < ranking.size(); i++) {
        SearchHit hit = ranking.get(i);
        // A chunk id names content, and two paths can hold the same content: the path is part of the key.
        String key = hit.path() + '\u0000' + hit.chunkId();
        hits.putIfAbsent(key, hit);
        ranks.computeIfAbsent(key, k -> new int[lists.size()])[list] = i + 1;
      }
    }
    List<String> keys = new ArrayList<>(hits.keySet());
    // A stable sort: equal scores keep the order of first appearance, the question's own search first.
    keys.sort(Comparator.comparingDouble((String key) -> ReciprocalRankFusion.fuse(ranks.get(key))).reversed());
    return keys.stream().map(hits::get).toList();
  }
}
