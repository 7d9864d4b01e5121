package dev.orkestra.retriever.search;

import dev.orkestra.retriever.embed.Embedder;
import dev.orkestra.retriever.index.CommitIndex;
import dev.orkestra.retriever.index.IndexFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DisjunctionMaxQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Hybrid search over one commit's chunks: BM25 over code-aware terms and nearest neighbours over
 * all-MiniLM-L6-v2 embeddings, fused by reciprocal rank, nudged by path and symbol matches, passed
 * through the {@link RelevanceGate}, and ordered with {@link FileSupport} (a chunk whose file has other
 * matching chunks ranks higher).
 */
public final class HybridSearcher {

  /** Candidates taken from each ranking before fusion. */
  public static final int DEPTH = 50;
  /** Path and symbol signals, in "rank-1 equivalents" of one ranking: a full path match counts as half a top rank. */
  static final double PATH_WEIGHT = 0.5;
  static final double SYMBOL_WEIGHT = 0.5;
  /** Field boosts inside BM25: a word in a declared name or the path says more than one in a body. */
  static final float SYMBOL_BOOST = 2f;
  static final float PATH_BOOST = 2f;
  /** At most this many chunks per file, so a long file cannot push every other file out of the list. */
  public static final int MAX_PER_FILE = 2;
  /** At most this many distinct files in an answer (the "up to five"). */
  public static final int MAX_FILES = 5;

  private final Embedder embedder;
  private final RelevanceGate gate;

  /** @param embedder null for BM25-only use */
  public HybridSearcher(Embedder embedder, RelevanceGate gate) {
    this.embedder = embedder;
    this.gate = gate;
  }

  public SearchResult search(CommitIndex index, String question, int maxHits, SearchMode mode) throws IOException {
    if (mode.usesEmbeddings() && embedder == null) {
      throw new IllegalStateException(mode + " needs an embedder");
    }
    Analyzer analyzer = index.analyzer();
    List<QueryWord> words = QueryTerms.of(question, analyzer);
    QuestionIntent intent = QuestionIntent.of(question);
    float[] queryVector = mode.usesEmbeddings() ? embedder.embed(question) : null;
    return index.withSearcher(searcher -> {
      List<Integer> bm25 = mode.usesBm25() ? bm25(searcher, index, words) : List.of();
      List<Integer> knn = queryVector != null ? nearest(searcher, index, queryVector) : List.of();
      double[] weights = TermCoverage.weights(words, stats(searcher.getIndexReader()));
      Set<Integer> docs = new LinkedHashSet<>(bm25);
      docs.addAll(knn);
      int rankings = (mode.usesBm25() ? 1 : 0) + (queryVector != null ? 1 : 0);
      double best = ReciprocalRankFusion.maximum(rankings, PATH_WEIGHT + SYMBOL_WEIGHT) * FileSupport.MAX_FACTOR;
      List<Scored> scored = new ArrayList<>();
      for (int doc : docs) {
        scored.add(score(searcher, analyzer, doc, bm25.indexOf(doc) + 1, knn.indexOf(doc) + 1, words, weights,
            queryVector, intent));
      }
      // A question naming what the repository never mentions is about something it does not hold.
      boolean absentTopic = !AbsentNames.in(question, analyzer, searcher.getIndexReader()).isEmpty();
      double bestRelevance = scored.stream().mapToDouble(s -> gate.relevance(s.coverage(), s.cosine(), mode)).max()
          .orElse(Double.NEGATIVE_INFINITY);
      boolean answered = !absentTopic && gate.answers(bestRelevance, mode);
      List<Scored> relevant = !answered ? List.of()
          : scored.stream().filter(s -> gate.keeps(s.coverage(), s.cosine(), mode, bestRelevance)).toList();
      return new SearchResult(select(relevant, maxHits, best), hits(scored, best), words);
    });
  }

  /**
   * The words of {@code words} the commit's repository mentions (an indexed term starts with the
   * word): what a retriever model proposes is searched only where it can match something.
   */
  public List<String> mentioned(CommitIndex index, List<String> words) throws IOException {
    Analyzer analyzer = index.analyzer();
    return index.withSearcher(searcher -> {
      List<String> known = new ArrayList<>();
      for (String word : words) {
        if (AbsentNames.mentioned(word, analyzer, searcher.getIndexReader())) {
          known.add(word);
        }
      }
      return known;
    });
  }

  /** A chunk with its fused score and the signals behind it, before file support and normalisation. */
  private record Scored(String path, int startLine, int endLine, String blobSha, String chunkId, double fused,
      String matchedBy, double coverage, double cosine, int bm25Rank, int embeddingRank, double pathShare,
      double symbolShare, String text) {}

  /** Ranked with file support, normalised to (0, 1]. */
  private static List<SearchHit> hits(List<Scored> scored, double best) {
    List<SearchHit> hits = new ArrayList<>(scored.size());
    for (FileSupport.Supported<Scored> s : FileSupport.rank(scored, Scored::path, Scored::fused)) {
      Scored c = s.item();
      hits.add(new SearchHit(c.path(), c.startLine(), c.endLine(), c.blobSha(), c.chunkId(),
          Math.min(1.0, s.score() / best), c.matchedBy(), c.coverage(), c.cosine(), c.bm25Rank(), c.embeddingRank(),
          c.pathShare(), c.symbolShare(), c.text()));
    }
    return hits;
  }

  /**
   * Depth before repetition (see {@link #diverse}), so a near miss on the first file still leaves
   * four other places to look.
   */
  private static List<SearchHit> select(List<Scored> relevant, int maxHits, double best) {
    return diverse(hits(relevant, best), maxHits);
  }

  /**
   * {@code ranked} in depth-before-repetition order: the best range of each of up to
   * {@link #MAX_FILES} files, then further ranges of those files (at most {@link #MAX_PER_FILE} per
   * file), at most {@code maxHits}. A list already in that order comes back unchanged.
   */
  public static List<SearchHit> diverse(List<SearchHit> ranked, int maxHits) {
    List<SearchHit> firsts = new ArrayList<>();
    List<SearchHit> further = new ArrayList<>();
    Map<String, Integer> perFile = new HashMap<>();
    for (SearchHit hit : ranked) {
      int seen = perFile.getOrDefault(hit.path(), 0);
      if (seen == 0 && perFile.size() < MAX_FILES) {
        firsts.add(hit);
        perFile.put(hit.path(), 1);
      } else if (seen > 0 && seen < MAX_PER_FILE) {
        further.add(hit);
        perFile.put(hit.path(), seen + 1);
      }
    }
    List<SearchHit> hits = new ArrayList<>(firsts);
    hits.addAll(further);
    return hits.subList(0, Math.min(maxHits, hits.size()));
  }

  private static List<Integer> bm25(IndexSearcher searcher, CommitIndex index, List<QueryWord> words)
      throws IOException {
    Set<String> forms = new LinkedHashSet<>();
    words.forEach(w -> forms.addAll(w.forms()));
    if (forms.isEmpty()) {
      return List.of();
    }
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    for (String form : forms) {
      terms.add(new DisjunctionMaxQuery(List.of(
          new TermQuery(new Term(IndexFields.BODY, form)),
          new BoostQuery(new TermQuery(new Term(IndexFields.SYMBOLS, form)), SYMBOL_BOOST),
          new BoostQuery(new TermQuery(new Term(IndexFields.PATH_TEXT, form)), PATH_BOOST)), 0.3f),
          BooleanClause.Occur.SHOULD);
    }
    Query query = new BooleanQuery.Builder()
        .add(terms.build(), BooleanClause.Occur.MUST)
        .add(index.filter(), BooleanClause.Occur.FILTER)
        .build();
    return docIds(searcher.search(query, DEPTH).scoreDocs);
  }

  private static List<Integer> nearest(IndexSearcher searcher, CommitIndex index, float[] vector) throws IOException {
    return docIds(searcher.search(new KnnFloatVectorQuery(IndexFields.VECTOR, vector, DEPTH, index.filter()), DEPTH)
        .scoreDocs);
  }

  private static List<Integer> docIds(ScoreDoc[] hits) {
    List<Integer> ids = new ArrayList<>(hits.length);
    for (ScoreDoc hit : hits) {
      ids.add(hit.doc);
    }
    return ids;
  }

  private static Scored score(IndexSearcher searcher, Analyzer analyzer, int doc, int bm25Rank, int knnRank,
      List<QueryWord> words, double[] weights, float[] queryVector, QuestionIntent intent) throws IOException {
    Document stored = searcher.storedFields().document(doc);
    String path = stored.get(IndexFields.PATH);
    String symbols = stored.get(IndexFields.SYMBOLS);
    Set<String> pathTerms = new HashSet<>(QueryTerms.analyze(analyzer, path));
    Set<String> symbolTerms = new HashSet<>(QueryTerms.analyze(analyzer, symbols));
    String body = stored.get(IndexFields.BODY);
    Set<String> terms = new HashSet<>(QueryTerms.analyze(analyzer, body));
    terms.addAll(pathTerms);
    terms.addAll(symbolTerms);
    double coverage = TermCoverage.coverage(words, weights, terms);
    double pathShare = PathSymbolSignal.share(words, weights, pathTerms);
    double symbolShare = PathSymbolSignal.share(words, weights, symbolTerms);
    double cosine = 0;
    if (queryVector != null) {
      BytesRef bytes = stored.getBinaryValue(IndexFields.VECTOR_BYTES);
      cosine = Embedder.dot(queryVector, IndexFields.toVector(bytes));
    }
    double fused = (ReciprocalRankFusion.fuse(bm25Rank, knnRank)
        + (PATH_WEIGHT * pathShare + SYMBOL_WEIGHT * symbolShare) * ReciprocalRankFusion.contribution(1))
        * intent.prior(FileKind.of(path));
    String matchedBy = bm25Rank > 0 && knnRank > 0 ? "hybrid" : bm25Rank > 0 ? "bm25" : "embedding";
    return new Scored(path, stored.getField(IndexFields.START).numericValue().intValue(),
        stored.getField(IndexFields.END).numericValue().intValue(), stored.get(IndexFields.BLOB),
        stored.get(IndexFields.CHUNK_ID), fused, matchedBy, coverage, cosine, bm25Rank, knnRank, pathShare,
        symbolShare, body);
  }

  /** Document frequencies over bodies and paths: a word only a file name contains is still in the repository. */
  private static TermCoverage.Stats stats(IndexReader reader) {
    return new TermCoverage.Stats() {
      @Override
      public int docFreq(String term) {
        try {
          return Math.max(reader.docFreq(new Term(IndexFields.BODY, term)),
              reader.docFreq(new Term(IndexFields.PATH_TEXT, term)));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }

      @Override
      public int docCount() {
        try {
          return Math.max(1, reader.getDocCount(IndexFields.BODY));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }
}
