package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.RuleViolation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code fetched_at} renders as seed 000's {@code YYYY-MM-DDTHH:MM:SSZ} and is not in the future.
 * The rendering is the one the Output Schema JSON uses (UTC, seconds, literal Z).
 */
public final class TimestampFormatRule implements AuditRule {

  public static final String NAME = "timestamp_format";
  static final Pattern SEED_FORMAT = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$");

  /** fetchedAt comes from another host (the extractor's read); clocks of healthy hosts differ by well under this. */
  static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(2);

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Clock clock;

  public TimestampFormatRule(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RuleViolation> check(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    Instant fetchedAt = request.getAnswer() == null ? null : request.getAnswer().getFetchedAt();
    if (fetchedAt == null) {
      return violations; // schema_valid reports it
    }
    String rendered = render(fetchedAt);
    if (rendered == null || !SEED_FORMAT.matcher(rendered).matches()) {
      violations.add(violation("fetchedAt", "does not render as YYYY-MM-DDTHH:MM:SSZ (was " + rendered + ")"));
    }
    if (fetchedAt.isAfter(clock.instant().plus(ALLOWED_CLOCK_SKEW))) {
      violations.add(violation("fetchedAt", "is in the future (" + rendered + ")"));
    }
    return violations;
  }

  static String render(Instant instant) {
    try {
      return FORMAT.format(instant);
    } catch (java.time.DateTimeException e) {
      return null;
    }
  }
}
