package dev.orkestra.composer;

/** The {@code message} texts of composed answers; not-available texts are seed 000's. */
public final class AnswerMessages {

  public static final String NOT_AVAILABLE_PREFIX = "NOT_AVAILABLE: ";
  public static final String NO_MATCHES = "NOT_AVAILABLE: No matches found for query";

  private static final int SHORT_SHA = 7;

  private AnswerMessages() {}

  /** {@code NOT_AVAILABLE: <reason>}; a reason that already carries the prefix is kept as it is. */
  public static String notAvailable(String reason) {
    String trimmed = reason.strip();
    return trimmed.startsWith("NOT_AVAILABLE:") ? trimmed : NOT_AVAILABLE_PREFIX + trimmed;
  }

  /** Seed 000: candidates were found, but none survived the independent re-read. */
  public static String verificationFailed(int verified, int total) {
    return NOT_AVAILABLE_PREFIX + "Data verification failed (" + verified + "/" + total + " candidates verified)";
  }

  /** {@code Found 3 verified matches for "<question>"}. */
  public static String foundMatches(int count, String question) {
    String noun = count == 1 ? "verified match" : "verified matches";
    String what = question == null || question.isBlank() ? "" : " for \"" + question.strip() + "\"";
    return "Found " + count + " " + noun + what;
  }

  /** {@code Verified file README.md at 1a2b3c4}. */
  public static String verifiedFile(String path, String commit) {
    return "Verified file " + path + " at " + shortSha(commit);
  }

  /** {@code Verified lines 45-60 of backend/server.py}. */
  public static String verifiedLines(String path, int startLine, int endLine) {
    return "Verified lines " + startLine + "-" + endLine + " of " + path;
  }

  static String shortSha(String sha) {
    return sha.length() <= SHORT_SHA ? sha : sha.substring(0, SHORT_SHA);
  }
}
