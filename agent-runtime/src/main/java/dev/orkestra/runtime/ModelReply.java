package dev.orkestra.runtime;

import dev.orkestra.events.common.ModelUsage;

/**
 * A model's answer to one call made through {@link RoleRequest#callModel}.
 *
 * @param usage what the call cost when it was made; {@code replayed} is true when this answer came
 *     from the action log (an earlier attempt or delivery paid for it, and it is reported here for
 *     the first time in a result)
 */
public record ModelReply(String text, ModelUsage usage) {

  public boolean replayed() {
    return usage.getReplayed();
  }
}
