package dev.orkestra.retriever.index;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * One commit's view of its repository's index: the chunks of exactly the file versions the commit
 * has. Physically the index is per repository — unchanged files share their chunks and embeddings
 * across commits — so the view is a filter on the (blob, path) keys in the commit's manifest.
 */
public final class CommitIndex {

  /** Work done with a searcher leased from the index. */
  @FunctionalInterface
  public interface SearchWork<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private final RepoIndex owner;
  private final CommitManifest manifest;
  private final IndexReport report;
  private final Query filter;

  CommitIndex(RepoIndex owner, CommitManifest manifest, IndexReport report) {
    this.owner = owner;
    this.manifest = manifest;
    this.report = report;
    List<BytesRef> keys = manifest.keys().stream().map(BytesRef::new).toList();
    this.filter = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexFields.TYPE, IndexFields.TYPE_CHUNK)), BooleanClause.Occur.FILTER)
        .add(new TermInSetQuery(IndexFields.KEY, keys), BooleanClause.Occur.FILTER)
        .build();
  }

  public String repo() {
    return owner.repoName();
  }

  public String commitSha() {
    return manifest.commitSha();
  }

  /** Indexable files at the commit. */
  public int fileCount() {
    return manifest.blobsByPath().size();
  }

  /** How this view came to be: indexed now (with counts) or reused. */
  public IndexReport report() {
    return report;
  }

  /** Matches this commit's chunks and nothing else: add it as a FILTER clause to every query. */
  public Query filter() {
    return filter;
  }

  public Analyzer analyzer() {
    return owner.analyzer();
  }

  public <T> T withSearcher(SearchWork<T> work) throws IOException {
    return owner.withSearcher(work);
  }

  CommitManifest manifest() {
    return manifest;
  }
}
