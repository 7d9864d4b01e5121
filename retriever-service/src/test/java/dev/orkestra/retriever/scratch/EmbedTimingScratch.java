package dev.orkestra.retriever.scratch;

import dev.orkestra.retriever.embed.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedTimingScratch {
  @Test
  void time() throws Exception {
    var e = MiniLmEmbedder.shared(Path.of("target/native"));
    String src = Files.readString(Path.of("target/gson-src/com/google/gson/stream/JsonReader.java"));
    e.embedAll(List.of("warm up", "warm up two"));
    for (int len : new int[] {100, 300, 600, 1000, 2000}) {
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int from = (i * 1777) % (src.length() - len);
        texts.add(src.substring(from, from + len));
      }
      long t = System.nanoTime();
      e.embedAll(texts);
      long batched = (System.nanoTime() - t) / 32;
      t = System.nanoTime();
      for (int i = 0; i < 8; i++) e.embed(texts.get(i));
      long single = (System.nanoTime() - t) / 8;
      System.out.printf("len %d: batched %.1f ms/text, single %.1f ms/text%n", len, batched / 1e6, single / 1e6);
    }
  }
}
