package dev.orkestra.retriever.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IndexableFilesTest {

  @Test
  void indexesTheRepositorysOwnSourceAndDocs() {
    assertThat(IndexableFiles.skipReason("backend/server.py", 2_000)).isEmpty();
    assertThat(IndexableFiles.skipReason("README.md", 100)).isEmpty();
    assertThat(IndexableFiles.skipReason("Makefile", 100)).isEmpty();
    assertThat(IndexableFiles.skipReason("src/build.gradle", 100)).isEmpty();
  }

  @Test
  void skipsVendoredAndGeneratedTrees() {
    assertThat(IndexableFiles.skipReason("node_modules/left-pad/index.js", 100)).hasValueSatisfying(r ->
        assertThat(r).contains("node_modules/"));
    assertThat(IndexableFiles.skipReason("service/target/classes/App.java", 100)).isPresent();
    assertThat(IndexableFiles.skipReason("web/dist/app.js", 100)).isPresent();
    assertThat(IndexableFiles.skipReason("vendor/github.com/x/y.go", 100)).isPresent();
    assertThat(IndexableFiles.skipReason("build/out.txt", 100)).isPresent();
    assertThat(IndexableFiles.skipReason(".git/config", 100)).isPresent();
  }

  @Test
  void skipsBinariesLockFilesMinifiedAndLargeFiles() {
    assertThat(IndexableFiles.skipReason("docs/logo.PNG", 100)).contains("binary file type");
    assertThat(IndexableFiles.skipReason("package-lock.json", 100)).contains("lock file");
    assertThat(IndexableFiles.skipReason("static/app.min.js", 100)).contains("minified");
    assertThat(IndexableFiles.skipReason("data/big.csv", IndexableFiles.MAX_BYTES + 1)).isPresent();
    assertThat(IndexableFiles.skipReason("data/ok.csv", IndexableFiles.MAX_BYTES)).isEmpty();
  }

  @Test
  void judgesContentOnceRead() {
    assertThat(IndexableFiles.contentSkipReason("def f():\n    return 1\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
    assertThat(IndexableFiles.contentSkipReason(new byte[] {'P', 'K', 0, 3})).contains("binary content");
    assertThat(IndexableFiles.contentSkipReason(("var a=1;".repeat(2_000)).getBytes(StandardCharsets.UTF_8)))
        .hasValueSatisfying(r -> assertThat(r).contains("long lines"));
  }
}
