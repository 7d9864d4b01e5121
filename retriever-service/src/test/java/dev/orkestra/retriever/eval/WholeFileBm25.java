package dev.orkestra.retriever.eval;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The baseline the retriever must beat: plain BM25 (Lucene's defaults, {@link StandardAnalyzer})
 * over whole files — every UTF-8 text file of the commit up to 1 MiB, its path and content one
 * document — with the question's words as optional terms. No chunks, no embeddings, no gate: it
 * never refuses, so its "unanswerable refused" is 0 by construction.
 */
final class WholeFileBm25 implements AutoCloseable {

  private static final int MAX_BYTES = 1 << 20;

  private final Analyzer analyzer = new StandardAnalyzer();
  private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
  private final DirectoryReader reader;
  private final int files;

  WholeFileBm25(java.nio.file.Path repoDir, String commitSha) throws IOException {
    int count = 0;
    try (Repository repository = new FileRepositoryBuilder().findGitDir(repoDir.toFile()).build();
        RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository);
        IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
      tree.addTree(walk.parseCommit(ObjectId.fromString(commitSha)).getTree());
      tree.setRecursive(true);
      while (tree.next()) {
        if (!tree.getFileMode(0).equals(org.eclipse.jgit.lib.FileMode.REGULAR_FILE)
            && !tree.getFileMode(0).equals(org.eclipse.jgit.lib.FileMode.EXECUTABLE_FILE)) {
          continue;
        }
        var loader = repository.open(tree.getObjectId(0));
        if (loader.getSize() > MAX_BYTES) {
          continue;
        }
        String text = utf8(loader.getBytes());
        if (text == null) {
          continue;
        }
        Document doc = new Document();
        doc.add(new StoredField("path", tree.getPathString()));
        doc.add(new TextField("text", tree.getPathString().replace('/', ' ') + "\n" + text, Field.Store.NO));
        writer.addDocument(doc);
        count++;
      }
    }
    this.files = count;
    this.reader = DirectoryReader.open(directory);
  }

  int files() {
    return files;
  }

  /** Files by BM25 score, best first. */
  List<String> rank(String question, int max) throws IOException {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    try (TokenStream tokens = analyzer.tokenStream("text", question)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        query.add(new TermQuery(new Term("text", term.toString())), BooleanClause.Occur.SHOULD);
      }
      tokens.end();
    }
    IndexSearcher searcher = new IndexSearcher(reader);
    List<String> ranked = new ArrayList<>();
    for (ScoreDoc hit : searcher.search(query.build(), max).scoreDocs) {
      ranked.add(searcher.storedFields().document(hit.doc).get("path"));
    }
    return ranked;
  }

  private static String utf8(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        return null; // binary
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
    directory.close();
  }
}
