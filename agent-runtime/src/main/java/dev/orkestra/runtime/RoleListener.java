package dev.orkestra.runtime;

import java.util.List;

/**
 * Hears what a role service does with its requests, for metrics and for tests that stop a process
 * at an exact point. Called on the lane's thread: keep it quick.
 */
public interface RoleListener {

  /** The outcomes of these requests (by eventId) are committed; their records are acknowledged next. */
  default void committed(List<String> requestEventIds) {}

  RoleListener NONE = new RoleListener() {};
}
