package dev.orkestra.runtime.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FencesTest {

  @Test
  void aFenceOutgrowsEveryBacktickRunInsideTheText() {
    assertThat(Fences.around("no ticks")).isEqualTo("```");
    assertThat(Fences.around("```java\nx\n```")).isEqualTo("````");
    assertThat(Fences.fenced("a ````` b")).isEqualTo("``````\na ````` b\n``````\n");
    assertThat(Fences.fenced("")).isEqualTo("```\n```\n");
  }
}
