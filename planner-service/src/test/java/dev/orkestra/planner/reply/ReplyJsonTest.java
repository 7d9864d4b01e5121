package dev.orkestra.planner.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplyJsonTest {

  @Test
  void readsTheObjectInAFenceWithProseAroundIt() {
    ReplyJson.Found found = ReplyJson.objectIn("""
        Here is the plan you asked for:
        ```json
        {"steps": [{"id": "S1"}]}
        ```
        Let me know if it needs changes.""");

    assertThat(found).isInstanceOfSatisfying(ReplyJson.Found.Object.class,
        o -> assertThat(o.json().path("steps").get(0).path("id").asText()).isEqualTo("S1"));
  }

  @Test
  void readsABareObjectAfterProseWithBracesAndToleratesTrailingCommasAndComments() {
    ReplyJson.Found found = ReplyJson.objectIn("""
        I used {curly} placeholders in my notes. The plan:
        {"task_id": "T-1", // the task
         "steps": [{"id": "S1", "description": "a } inside a string"},],}
        """);

    assertThat(found).isInstanceOfSatisfying(ReplyJson.Found.Object.class, o -> {
      assertThat(o.json().path("task_id").asText()).isEqualTo("T-1");
      assertThat(o.json().path("steps").get(0).path("description").asText()).isEqualTo("a } inside a string");
    });
  }

  @Test
  void saysWhyWhenThereIsNoObject() {
    assertThat(ReplyJson.objectIn("  ")).isEqualTo(new ReplyJson.Found.Missing("the reply is empty"));
    assertThat(ReplyJson.objectIn("I cannot plan this task.")).isEqualTo(
        new ReplyJson.Found.Missing("the reply holds no JSON object"));
    assertThat(ReplyJson.objectIn("```json\n{\"steps\": [1, 2\n```")).isInstanceOfSatisfying(
        ReplyJson.Found.Missing.class, m -> assertThat(m.problem()).startsWith("the JSON in the reply does not parse:"));
  }

  @Test
  void aHostileDeeplyNestedReplyIsRefusedNotFollowed() {
    String deep = "{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000);

    ReplyJson.Found found = ReplyJson.objectIn(deep);

    assertThat(found).isInstanceOfSatisfying(ReplyJson.Found.Missing.class,
        m -> assertThat(m.problem()).contains("does not parse").containsIgnoringCase("nesting depth"));
  }

  @Test
  void aHugeReplyIsReadOnlyToItsBoundAndTheProblemSaysSo() {
    String huge = "{\"steps\": [\"" + "x".repeat(ReplyJson.MAX_REPLY_CHARS) + "\"]}";

    ReplyJson.Found found = ReplyJson.objectIn(huge);

    assertThat(found).isInstanceOfSatisfying(ReplyJson.Found.Missing.class, m -> assertThat(m.problem())
        .contains("the reply is " + huge.length() + " characters; only the first " + ReplyJson.MAX_REPLY_CHARS));
  }
}
