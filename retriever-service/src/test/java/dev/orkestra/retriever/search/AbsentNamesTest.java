package dev.orkestra.retriever.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.retriever.analysis.CodeAnalyzer;
import dev.orkestra.retriever.index.IndexFields;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

class AbsentNamesTest {

  @Test
  void namesAreCapitalisedOrDigitBearingWordsInsideASentence() {
    assertThat(AbsentNames.names("Can ProxBalance balance VMs across VMware ESXi hosts? Where is OAuth2 set up?"))
        .containsExactly("ProxBalance", "VMs", "VMware", "ESXi", "OAuth2");
    assertThat(AbsentNames.names("Where is a user's password scrambled before it is saved?")).isEmpty();
    assertThat(AbsentNames.names("How does login work, and what does ticking \"Remember me\" change?"))
        .containsExactly("Remember");
  }

  @Test
  void aNameIsAbsentOnlyWhenNoIndexedTermStartsWithIt() throws Exception {
    Analyzer analyzer = new CodeAnalyzer();
    try (ByteBuffersDirectory directory = new ByteBuffersDirectory()) {
      try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
        Document doc = new Document();
        doc.add(new TextField(IndexFields.BODY, "def connect(url): return postgresql.connect(url)  # ProxBalance",
            Field.Store.NO));
        writer.addDocument(doc);
      }
      try (DirectoryReader reader = DirectoryReader.open(directory)) {
        assertThat(AbsentNames.in("Does it use Postgres or MySQL with ProxBalance?", analyzer, reader))
            .containsExactly("MySQL");
        assertThat(AbsentNames.in("Where is the connection made?", analyzer, reader)).isEmpty();
        // Asking how to bring it in names it on purpose: the answer is the code it would touch.
        assertThat(AbsentNames.in("How can I add MySQL support?", analyzer, reader)).isEmpty();
      }
    }
  }
}
