package dev.orkestra.auditor.rules;

import java.util.Optional;
import java.util.regex.Pattern;

/** Shapes of credentials that must never appear in a response; each named by its kind, never by its value. */
enum CredentialPattern {

  GITHUB_TOKEN("GitHub token", "\\bgh[pousr]_[A-Za-z0-9]{36,}"),
  GITHUB_FINE_GRAINED_TOKEN("GitHub fine-grained token", "\\bgithub_pat_[A-Za-z0-9_]{22,}"),
  // OpenAI/Anthropic style; 20+ characters after the prefix keeps words such as "sk-learn" out.
  API_KEY("sk- API key", "\\bsk-[A-Za-z0-9_-]{20,}"),
  AWS_ACCESS_KEY("AWS access key id", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"),
  PRIVATE_KEY("private key block", "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----"),
  BEARER_TOKEN("Authorization bearer token", "(?i)authorization\\s*[:=]\\s*[\"']?bearer\\s+[A-Za-z0-9._~+/=-]{8,}"),
  URL_CREDENTIALS("URL with user:password", "\\b[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:[^/\\s@]+@");

  private final String kind;
  private final Pattern pattern;

  CredentialPattern(String kind, String regex) {
    this.kind = kind;
    this.pattern = Pattern.compile(regex);
  }

  /** Human name of the kind, e.g. "GitHub token": what a violation may say. */
  String kind() {
    return kind;
  }

  /** The first pattern found in {@code text}. */
  static Optional<CredentialPattern> firstIn(String text) {
    for (CredentialPattern candidate : values()) {
      if (candidate.pattern.matcher(text).find()) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
