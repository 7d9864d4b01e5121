package dev.orkestra.retriever.chunk;

import java.util.List;

/**
 * A piece of a file the index searches and cites: lines {@code startLine..endLine} (1-based,
 * inclusive, exactly as stored) and the names declared in it (functions, classes, headings).
 */
public record Chunk(int startLine, int endLine, List<String> symbols, String text) {

  public Chunk {
    if (startLine < 1 || endLine < startLine) {
      throw new IllegalArgumentException("bad line range " + startLine + "-" + endLine);
    }
    symbols = List.copyOf(symbols);
  }

  public int lineCount() {
    return endLine - startLine + 1;
  }
}
