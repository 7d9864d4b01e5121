package dev.orkestra.coordinator.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.orkestra.events.common.RepoRef;
import dev.orkestra.runtime.source.SourceValidation;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What each ref resolved to when the retriever last resolved it, so that a question asked again
 * can be answered from the answer cache without a retrieval hop first.
 *
 * <p>Only the cache lookup uses it: a query the cache cannot answer goes to the retriever, which
 * resolves its ref afresh, so every answer that is composed is composed at the ref's current commit.
 * A branch's memo is trusted for {@code reuse} (default 10 s, {@code orkestra.coordinator.ref.reuse.ms};
 * 0 turns the memo off): an answer for a branch that moved less than that ago may still be the
 * previous commit's, and it says so — every source names its commit. A request that names a commit
 * (its {@code commitSha}, or a ref that is a full commit SHA) reads content that cannot change: it
 * is its own entry (the commit is part of the key), its entry never expires, and a resolution to
 * any other commit is not remembered for it.
 *
 * <p>One per coordinator instance, shared by its stream threads: a Caffeine cache bounded by
 * {@code capacity} entries (its own eviction policy decides which go first), branch entries expiring
 * {@code reuse} after they were written. Not fault-tolerant on purpose: losing it costs one retrieval.
 */
public final class RefMemo {

  /** Caffeine's "never": durations this long are not scheduled. */
  private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

  private final Duration reuse;
  private final Cache<Key, Resolution> resolved;

  public RefMemo(Duration reuse, int capacity) {
    if (reuse.isNegative()) {
      throw new IllegalArgumentException("reuse must not be negative, was " + reuse);
    }
    this.reuse = reuse;
    this.resolved = Caffeine.newBuilder()
        .maximumSize(capacity)
        // Reclaims memory; whether an entry may still be trusted is decided against the caller's
        // clock in recall (the stream thread's wall clock, which tests move).
        .expireAfter(Expiry.<Key, Resolution>writing((key, value) -> key.pinned() ? FOREVER : reuse))
        // Maintenance on the calling thread: no background thread per coordinator.
        .executor(Runnable::run)
        .build();
  }

  /** A memo that remembers nothing: every query resolves its ref through the retriever. */
  public static RefMemo disabled() {
    return new RefMemo(Duration.ZERO, 1);
  }

  /** The retriever resolved {@code requested} to {@code result} (which carries the commit) at {@code now}. */
  public void remember(RepoRef requested, RepoRef result, long now) {
    if (reuse.isZero() || requested == null || result == null || result.getCommitSha() == null) {
      return;
    }
    Key key = Key.of(requested);
    if (key.pinned() && !key.names(result.getCommitSha())) {
      return; // a request for one commit answered at another must not be recalled as that commit
    }
    resolved.put(key, new Resolution(result, now));
  }

  /** What {@code requested} resolved to, if that is recent enough to trust (or the request names its commit). */
  public Optional<RepoRef> recall(RepoRef requested, long now) {
    if (reuse.isZero() || requested == null) {
      return Optional.empty();
    }
    Key key = Key.of(requested);
    Resolution hit = resolved.getIfPresent(key);
    if (hit == null) {
      return Optional.empty();
    }
    return key.pinned() || now - hit.at() < reuse.toMillis() ? Optional.of(hit.repo()) : Optional.empty();
  }

  /** Entries held (after pending evictions); for tests. */
  long size() {
    resolved.cleanUp();
    return resolved.estimatedSize();
  }

  private record Key(String kind, String repo, String ref, String commitSha) {

    static Key of(RepoRef ref) {
      return new Key(Objects.toString(ref.getKind()), ref.getRepo(), ref.getRef(), ref.getCommitSha());
    }

    /** A request naming a commit, as its commitSha or as a ref that is a full SHA, reads content that cannot change. */
    boolean pinned() {
      return commitSha != null || SourceValidation.isFullCommitSha(ref);
    }

    /** {@code commit} (full) is the commit this pinned request names (its commitSha may be abbreviated). */
    boolean names(String commit) {
      String named = (commitSha != null ? commitSha : ref).toLowerCase(Locale.ROOT);
      return commit.toLowerCase(Locale.ROOT).startsWith(named);
    }
  }

  private record Resolution(RepoRef repo, long at) {}
}
