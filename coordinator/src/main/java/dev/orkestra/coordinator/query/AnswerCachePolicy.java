package dev.orkestra.coordinator.query;

import dev.orkestra.coordinator.query.state.CachedAnswer;
import dev.orkestra.coordinator.streams.ContractBytes;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.ResponseStatus;
import java.time.Duration;

/**
 * What goes into the answer cache and for how long. Answers are pinned to a commit SHA, so an
 * entry never goes stale by content; the TTL bounds memory and how long an answer shaped by an
 * older composer or auditor keeps being served. (A moved branch is a new key anyway: every query
 * resolves its ref again.)
 */
public final class AnswerCachePolicy {

  private final Duration ttl;

  public AnswerCachePolicy(Duration ttl) {
    this.ttl = ttl;
  }

  /** Success and not_available are facts about the commit; an error may not repeat, so it is never cached. */
  public static boolean cacheable(Answer answer) {
    return answer != null && answer.getStatus() != ResponseStatus.ERROR;
  }

  /** An entry stored at {@code now}, expiring one TTL later. */
  public CachedAnswer entry(Answer answer, long now) {
    return CachedAnswer.newBuilder()
        .setAnswer(ContractBytes.encode(answer))
        .setStoredAt(now)
        .setExpiresAt(now + ttl.toMillis())
        .build();
  }

  /** Expired entries are ignored at lookup even before the purge removes them. */
  public boolean fresh(CachedAnswer entry, long now) {
    return now < entry.getExpiresAt();
  }
}
