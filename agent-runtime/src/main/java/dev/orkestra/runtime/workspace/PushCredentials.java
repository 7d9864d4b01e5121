package dev.orkestra.runtime.workspace;

import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The token a task branch is pushed with to an https remote, from the environment only (never from
 * a request: a URL with credentials is refused by {@code SourceValidation}). Local and
 * {@code file://} repositories need none.
 */
record PushCredentials(String user, String token) {

  static PushCredentials from(String user, String token) {
    return new PushCredentials(user == null || user.isBlank() ? "x-access-token" : user,
        token == null || token.isBlank() ? null : token);
  }

  /** For an https push; null (anonymous) without a token. */
  CredentialsProvider provider() {
    return token == null ? null : new UsernamePasswordCredentialsProvider(user, token);
  }

  @Override
  public String toString() {
    return "PushCredentials[user=" + user + ", token=" + (token == null ? "none" : "set") + "]";
  }
}
