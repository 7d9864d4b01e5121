package dev.orkestra.coordinator.query;

import dev.orkestra.events.common.RepoRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What each ref resolved to when the retriever last resolved it, so that a question asked again
 * can be answered from the answer cache without a retrieval hop first.
 *
 * <p>Only the cache lookup uses it: a query the cache cannot answer goes to the retriever, which
 * resolves its ref afresh, so every answer that is composed is composed at the ref's current commit.
 * A branch's memo is trusted for {@code reuse} (default 10 s, {@code orkestra.coordinator.ref.reuse.ms};
 * 0 turns the memo off): an answer for a branch that moved less than that ago may still be the
 * previous commit's, and it says so — every source names its commit. A ref that is itself a full
 * commit SHA (or a request that names its commit) cannot move, so its memo never expires.
 *
 * <p>One per coordinator instance, shared by its stream threads, bounded by {@code capacity}
 * (least recently used first out). Not fault-tolerant on purpose: losing it costs one retrieval.
 */
public final class RefMemo {

  private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{40}|[0-9a-fA-F]{64}");

  private final Duration reuse;
  private final Map<Key, Resolution> resolved;

  public RefMemo(Duration reuse, int capacity) {
    if (reuse.isNegative()) {
      throw new IllegalArgumentException("reuse must not be negative, was " + reuse);
    }
    this.reuse = reuse;
    this.resolved = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, Resolution> eldest) {
        return size() > capacity;
      }
    };
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
    synchronized (resolved) {
      resolved.put(Key.of(requested), new Resolution(result, now));
    }
  }

  /** What {@code requested} resolved to, if that is recent enough to trust (or the ref is a commit SHA). */
  public Optional<RepoRef> recall(RepoRef requested, long now) {
    if (reuse.isZero() || requested == null) {
      return Optional.empty();
    }
    Resolution hit;
    synchronized (resolved) {
      hit = resolved.get(Key.of(requested));
    }
    if (hit == null) {
      return Optional.empty();
    }
    return pinned(requested) || now - hit.at() < reuse.toMillis() ? Optional.of(hit.repo()) : Optional.empty();
  }

  /** A request naming a commit, as its ref or its commitSha, reads content that cannot change. */
  private static boolean pinned(RepoRef requested) {
    return requested.getCommitSha() != null
        || requested.getRef() != null && COMMIT_SHA.matcher(requested.getRef()).matches();
  }

  private record Key(String kind, String repo, String ref, String commitSha) {
    static Key of(RepoRef ref) {
      return new Key(Objects.toString(ref.getKind()), ref.getRepo(), ref.getRef(), ref.getCommitSha());
    }
  }

  private record Resolution(RepoRef repo, long at) {}
}
