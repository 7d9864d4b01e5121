package dev.orkestra.synthesis;

import dev.orkestra.events.query.Coaching;
import java.util.List;

/** Labels and texts of coaching, shared by the synthesizer (which writes it) and the composer (which places it). */
public final class Coachings {

  /** Seed 000: "Labels all suggestions". Every coaching carries this label, including the not-available one. */
  public static final String LABEL = "suggestion";

  /** What the answer says when coaching was requested and there is no model to write it. */
  public static final String NOT_CONFIGURED = "NOT_AVAILABLE: coaching requires a configured model";

  private Coachings() {}

  /** Coaching that says it is not available, in the place the user asked for coaching: never invented text. */
  public static Coaching unavailable(String text) {
    return Coaching.newBuilder().setLabel(LABEL).setText(text).setBasedOn(List.of()).setModel(null).build();
  }

  /** True for a coaching that carries a not-available text instead of suggestions. */
  public static boolean isUnavailable(Coaching coaching) {
    return coaching.getText() != null && coaching.getText().strip().startsWith("NOT_AVAILABLE:");
  }
}
