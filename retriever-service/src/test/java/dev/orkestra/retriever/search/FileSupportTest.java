package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileSupportTest {

  record Chunk(String file, double score) {}

  @Test
  void aFileWithSeveralMatchingChunksOutranksALoneBetterChunk() {
    List<Chunk> chunks = List.of(new Chunk("Lone.java", 1.0), new Chunk("Parser.java", 0.9),
        new Chunk("Parser.java", 0.8), new Chunk("Parser.java", 0.7));

    var ranked = FileSupport.rank(chunks, Chunk::file, Chunk::score);

    assertThat(ranked).extracting(s -> s.item().file() + " " + s.item().score())
        .containsExactly("Parser.java 0.9", "Parser.java 0.8", "Parser.java 0.7", "Lone.java 1.0");
    assertThat(ranked.getFirst().score()).isCloseTo(0.9 + 0.5 * 0.8 + 0.25 * 0.7, within(1e-12));
    assertThat(ranked.getLast().score()).isEqualTo(1.0);
  }

  @Test
  void supportIsBoundedSoScoresNormaliseByTheMaximumFactor() {
    List<Chunk> chunks = List.of(new Chunk("A", 1), new Chunk("A", 1), new Chunk("A", 1), new Chunk("A", 1));

    assertThat(FileSupport.rank(chunks, Chunk::file, Chunk::score))
        .allSatisfy(s -> assertThat(s.score()).isEqualTo(FileSupport.MAX_FACTOR));
  }
}
