package dev.orkestra.composer.json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Seed 000's {@code fetched_at}: UTC to the second with a literal {@code Z}
 * ({@code 2025-01-01T12:00:00Z}). {@link DateTimeFormatter#ISO_INSTANT} would print milliseconds
 * whenever they are non-zero, which the seed's validator rejects.
 */
public final class FetchedAtFormat {

  public static final String PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$";

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private FetchedAtFormat() {}

  public static String format(Instant instant) {
    return FORMAT.format(instant);
  }
}
