package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CandidateVerdict;
import dev.orkestra.events.query.Candidate;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The fan-in of one query: which candidates the retriever returned and how each ended. A candidate
 * counts once — the first outcome wins, so a duplicate or late result cannot count it twice.
 */
public final class CandidateTally {

  private final List<Candidate> candidates;
  private final Map<String, CandidateResult> results = new LinkedHashMap<>();

  private CandidateTally(List<Candidate> candidates) {
    this.candidates = List.copyOf(candidates);
  }

  public static CandidateTally empty() {
    return new CandidateTally(List.of());
  }

  /** A tally waiting for {@code candidates} (retrieval order, best first; ids unique). */
  public static CandidateTally of(List<Candidate> candidates) {
    return new CandidateTally(candidates);
  }

  static CandidateTally restore(List<Candidate> candidates, List<CandidateResult> results) {
    CandidateTally tally = new CandidateTally(candidates);
    results.forEach(tally::record);
    return tally;
  }

  /** Counts {@code result}; false (and nothing changes) if its candidate is unknown or already counted. */
  public boolean record(CandidateResult result) {
    if (!expects(result.candidateId()) || results.containsKey(result.candidateId())) {
      return false;
    }
    results.put(result.candidateId(), result);
    return true;
  }

  public boolean expects(String candidateId) {
    return candidates.stream().anyMatch(candidate -> candidate.getCandidateId().equals(candidateId));
  }

  /** Every candidate has reported. */
  public boolean complete() {
    return !candidates.isEmpty() && results.size() == candidates.size();
  }

  public int total() {
    return candidates.size();
  }

  public int reported() {
    return results.size();
  }

  public int verified() {
    return (int) results.values().stream().filter(result -> result.verdict() == CandidateVerdict.VERIFIED).count();
  }

  public List<Candidate> candidates() {
    return candidates;
  }

  public Collection<CandidateResult> results() {
    return List.copyOf(results.values());
  }

  /**
   * Drops the verified texts, keeping every verdict: once the composed answer quotes them, the state
   * must not carry each text a second time (docs/coordinator.md, "Content travels once").
   */
  public void forgetVerifiedTexts() {
    results.replaceAll((id, result) -> result.withoutText());
  }

  /**
   * The verified extracts, highest retrieval score first (ties keep retrieval order); empty after
   * {@link #forgetVerifiedTexts}.
   */
  public List<VerifiedExcerpt> verifiedInScoreOrder() {
    List<Candidate> ordered = new ArrayList<>(candidates);
    ordered.sort(Comparator.comparingDouble(Candidate::getScore).reversed());
    return ordered.stream()
        .map(candidate -> results.get(candidate.getCandidateId()))
        .filter(Objects::nonNull)
        .filter(result -> result.verdict() == CandidateVerdict.VERIFIED)
        .map(CandidateResult::verified)
        .filter(Objects::nonNull)
        .toList();
  }

  /**
   * When the content was fetched: the latest extraction of a verified candidate, else of any
   * extracted candidate; empty when nothing was extracted.
   */
  public Optional<Instant> fetchedAt() {
    Optional<Instant> verified = results.values().stream()
        .filter(result -> result.verdict() == CandidateVerdict.VERIFIED)
        .map(CandidateResult::extractedAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
    return verified.isPresent() ? verified : results.values().stream()
        .map(CandidateResult::extractedAt).filter(Objects::nonNull).max(Comparator.naturalOrder());
  }

  /** The first result, when every candidate failed extraction with one and the same read status. */
  public Optional<CandidateResult> commonExtractionFailure() {
    if (!complete() || !results.values().stream().allMatch(CandidateResult::failedExtraction)) {
      return Optional.empty();
    }
    CandidateResult first = results.values().iterator().next();
    boolean same = results.values().stream().allMatch(result -> result.readStatus() == first.readStatus());
    return same ? Optional.of(first) : Optional.empty();
  }
}
