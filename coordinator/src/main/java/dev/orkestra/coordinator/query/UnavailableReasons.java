package dev.orkestra.coordinator.query;

import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.ReadStatus;
import java.util.Optional;

/** The {@code NOT_AVAILABLE: ...} texts of seed 000, and which one applies when nothing was verified. */
public final class UnavailableReasons {

  public static final String PREFIX = "NOT_AVAILABLE: ";

  private UnavailableReasons() {}

  public static String noMatches() {
    return PREFIX + "No matches found for query";
  }

  public static String verificationFailed(int verified, int total) {
    return PREFIX + "Data verification failed (" + verified + "/" + total + " candidates verified)";
  }

  public static String fileNotFound(String path) {
    return PREFIX + "file not found at path '" + path + "'";
  }

  public static String accessDenied() {
    return PREFIX + "access denied or requires authentication";
  }

  /** {@code reason} with the prefix, unless a role already wrote it with one. */
  public static String of(String reason) {
    String text = reason == null || reason.isBlank() ? "data not available" : reason.strip();
    return text.startsWith(PREFIX) ? text : PREFIX + text;
  }

  /**
   * Why a composition has nothing to show, or empty when something was verified.
   *
   * <p>When every candidate failed extraction the same way, that reason is more useful than
   * "verification failed": access denied (any action); not text with its reason (any action: a
   * binary file, or one too large to quote — {@link ContentBudget}); for a named file (get_file,
   * get_lines) also not found, and out of range with the extractor's own words.
   */
  public static Optional<String> forComposition(QueryRequested request, CandidateTally tally) {
    if (tally.verified() > 0) {
      return Optional.empty();
    }
    Optional<CandidateResult> common = tally.commonExtractionFailure();
    if (common.isPresent()) {
      ReadStatus status = common.get().readStatus();
      boolean namedFile = request.getAction() == QueryAction.GET_FILE || request.getAction() == QueryAction.GET_LINES;
      if (status == ReadStatus.ACCESS_DENIED) {
        return Optional.of(accessDenied());
      }
      if (namedFile && status == ReadStatus.NOT_FOUND) {
        return Optional.of(fileNotFound(request.getPath()));
      }
      if ((status == ReadStatus.NOT_TEXT || namedFile && status == ReadStatus.OUT_OF_RANGE)
          && common.get().reason() != null) {
        return Optional.of(of(common.get().reason()));
      }
    }
    return Optional.of(verificationFailed(tally.verified(), tally.total()));
  }
}
