package dev.orkestra.planner.reply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orkestra.runtime.prompt.PromptTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

  private final PromptTemplate repair = PromptTemplate.load(RepairRound.class, "repair.txt");

  @Test
  void valuesAreInsertedOnceAndNeverExpandedAgain() {
    String filled = repair.fill(Map.of("problems", "- a file says {{problems}} and $1"));

    assertThat(filled).contains("- a file says {{problems}} and $1").doesNotContain("{{problems}}\n\nReply");
  }

  @Test
  void aMissingOrUnusedValueIsABugNamedLoudly() {
    assertThatThrownBy(() -> repair.fill(Map.of())).hasMessageContaining("needs a value for {{problems}}");
    assertThatThrownBy(() -> repair.fill(Map.of("problems", "x", "extra", "y"))).hasMessageContaining("[extra]");
  }
}
