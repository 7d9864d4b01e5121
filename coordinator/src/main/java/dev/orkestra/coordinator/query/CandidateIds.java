package dev.orkestra.coordinator.query;

import dev.orkestra.events.query.Candidate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Candidate ids are the key of the per-candidate topics and of the coordinator's candidate store,
 * so they must be unique across queries, not only within one. The contract suggests
 * {@code <queryId>-c3}; an id the retriever made without the queryId gets it as a prefix.
 */
final class CandidateIds {

  private CandidateIds() {}

  /** {@code candidates} with scoped, unique, non-blank ids, in their order; repeated ids are dropped. */
  static List<Candidate> scoped(String queryId, List<Candidate> candidates) {
    List<Candidate> scoped = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate candidate = candidates.get(i);
      String id = scope(queryId, candidate.getCandidateId(), i);
      if (seen.add(id)) {
        scoped.add(id.equals(candidate.getCandidateId())
            ? candidate
            : Candidate.newBuilder(candidate).setCandidateId(id).build());
      }
    }
    return scoped;
  }

  static String scope(String queryId, String id, int index) {
    if (id == null || id.isBlank()) {
      return queryId + "-c" + (index + 1);
    }
    return id.startsWith(queryId) ? id : queryId + "-" + id;
  }
}
