package dev.orkestra.composer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRole;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoachingDecisionTest {

  @Test
  void onlyFindAndExplainAnswersCarryCoaching() {
    var request = Fixtures.request(QueryRole.COACH, QueryAction.GET_LINES, List.of()).setIncludeCoaching(true).build();

    assertThat(CoachingDecision.decide(request, Set.of())).isEmpty();
  }

  @Test
  void aGivenNotAvailableCoachingKeepsItsReasonAndCitesNothing() {
    Coaching given = Coaching.newBuilder()
        .setText("NOT_AVAILABLE: the verified excerpts do not show an OAuth flow").setBasedOn(List.of("c1")).build();
    var request = Fixtures.request(QueryRole.COACH, QueryAction.EXPLAIN, List.of())
        .setIncludeCoaching(true).setCoaching(given).build();

    Coaching placed = CoachingDecision.decide(request, Set.of("c1")).orElseThrow();

    assertThat(placed.getLabel()).isEqualTo("suggestion");
    assertThat(placed.getText()).isEqualTo("NOT_AVAILABLE: the verified excerpts do not show an OAuth flow");
    assertThat(placed.getBasedOn()).isEmpty();
  }

  @Test
  void blankCoachingTextCountsAsAbsent() {
    var request = Fixtures.request(QueryRole.COACH, QueryAction.EXPLAIN, List.of())
        .setIncludeCoaching(true).setCoaching(Coaching.newBuilder().setText("  ").build()).build();

    assertThat(CoachingDecision.decide(request, Set.of()).orElseThrow().getText())
        .isEqualTo("NOT_AVAILABLE: coaching requires a configured model");
  }
}
