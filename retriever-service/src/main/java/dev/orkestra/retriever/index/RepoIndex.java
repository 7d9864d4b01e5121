package dev.orkestra.retriever.index;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.retriever.analysis.CodeAnalyzer;
import dev.orkestra.retriever.chunk.Chunk;
import dev.orkestra.retriever.chunk.Chunker;
import dev.orkestra.retriever.embed.Embedder;
import dev.orkestra.retriever.embed.EmbeddingInput;
import dev.orkestra.runtime.source.FileBlob;
import dev.orkestra.runtime.source.FileEntry;
import dev.orkestra.runtime.source.SourceException;
import dev.orkestra.runtime.source.SourceReader;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene index of one repository, on disk under its own directory, holding the chunks of every
 * file version of the commits it retains. Indexing a commit reads only the (path, blob) versions the
 * index does not hold yet, takes each chunk's embedding from the index when the same text was
 * embedded before, and afterwards drops versions no retained commit has any more.
 */
final class RepoIndex implements AutoCloseable {

  /** Commits kept queryable; older ones' manifests go, and with them file versions only they had. */
  static final int RETAINED_COMMITS = 3;
  /** Chunks embedded per model call: large enough for the encoder's parallelism, small enough to report progress. */
  static final int BATCH_CHUNKS = 64;
  /** Work is committed to disk every so many chunks, so an interrupted run of a big repository resumes. */
  static final int COMMIT_EVERY_CHUNKS = 2_000;
  /** Changing the chunker, the analyzer or the schema changes this: an old index is then rebuilt. */
  static final String FORMAT = "1;analyzer=" + CodeAnalyzer.VERSION + ";chunker=" + Chunker.VERSION + "/"
      + Chunker.MAX_LINES + "/" + Chunker.MERGE_LINES + "/" + Chunker.OVERLAP + ";input=" + EmbeddingInput.VERSION + "/" + EmbeddingInput.MAX_CHARS;

  private final String repoName;
  private final Path commitsDir;
  private final Directory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Embedder embedder;
  private final Analyzer analyzer = new CodeAnalyzer();
  private final Chunker chunker = new Chunker();
  private final Map<String, CommitIndex> commits = new ConcurrentHashMap<>();
  private final ReentrantLock writing = new ReentrantLock();
  /** (blob, path) keys of the file versions in the index; loaded on the first indexing run. */
  private Set<String> indexedKeys;

  private RepoIndex(String repoName, Path dir, Embedder embedder) throws IOException {
    this.repoName = repoName;
    this.embedder = embedder;
    this.commitsDir = dir.resolve("commits");
    this.directory = FSDirectory.open(dir.resolve("lucene"));
    this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
    this.searchers = new SearcherManager(writer, null);
  }

  static RepoIndex open(Path dir, String repoName, Embedder embedder) throws IOException {
    Files.createDirectories(dir);
    Path meta = dir.resolve("index.properties");
    String format = FORMAT + ";model=" + embedder.modelId();
    Properties properties = new Properties();
    if (Files.exists(meta)) {
      try (var in = Files.newBufferedReader(meta)) {
        properties.load(in);
      }
      if (!format.equals(properties.getProperty("format"))) {
        // Chunks or vectors made another way must not mix with new ones: start over.
        deleteTree(dir.resolve("lucene"));
        deleteTree(dir.resolve("commits"));
      }
    }
    properties.setProperty("format", format);
    properties.setProperty("repo", repoName);
    try (var out = Files.newBufferedWriter(meta)) {
      properties.store(out, "orkestra retriever index");
    }
    return new RepoIndex(repoName, dir, embedder);
  }

  String repoName() {
    return repoName;
  }

  Analyzer analyzer() {
    return analyzer;
  }

  <T> T withSearcher(CommitIndex.SearchWork<T> work) throws IOException {
    IndexSearcher searcher = searchers.acquire();
    try {
      return work.apply(searcher);
    } finally {
      searchers.release(searcher);
    }
  }

  /** The commit's view if it was completely indexed (now or by an earlier process), else null. */
  CommitIndex view(String commitSha) throws IOException {
    CommitIndex view = commits.get(commitSha);
    if (view == null) {
      CommitManifest manifest = CommitManifest.load(commitsDir, commitSha);
      if (manifest == null) {
        return null;
      }
      view = commits.computeIfAbsent(commitSha,
          sha -> new CommitIndex(this, manifest, IndexReport.reused(repoName, sha, manifest.blobsByPath().size())));
    }
    CommitManifest.touch(commitsDir, commitSha);
    return view;
  }

  /** Indexes {@code repo.commitSha} (one run at a time per repository) and returns its view. */
  CommitIndex index(RepoRef repo, SourceReader reader, IndexProgressListener listener, BooleanSupplier cancelled)
      throws SourceException, IOException {
    writing.lock();
    try {
      CommitIndex done = view(repo.getCommitSha());
      return done != null ? done : new Run(repo, reader, listener, cancelled).execute();
    } finally {
      writing.unlock();
    }
  }

  /** One indexing run: plan, read and chunk changed files, embed what is new, write, drop what is gone. */
  private final class Run {
    private final RepoRef repo;
    private final SourceReader reader;
    private final IndexProgressListener listener;
    private final BooleanSupplier cancelled;
    private final long start = System.nanoTime();
    private final Map<String, float[]> embeddingsThisRun = new HashMap<>();
    private final List<PendingFile> pending = new ArrayList<>();
    private int pendingChunks;
    private int filesDone;
    private int filesTotal;
    private int filesSkipped;
    private int chunksAdded;
    private int chunksEmbedded;
    private int embeddingsReused;
    private int chunksSinceCommit;

    Run(RepoRef repo, SourceReader reader, IndexProgressListener listener, BooleanSupplier cancelled) {
      this.repo = repo;
      this.reader = reader;
      this.listener = listener;
      this.cancelled = cancelled;
    }

    CommitIndex execute() throws SourceException, IOException {
      String sha = repo.getCommitSha();
      Map<String, String> blobsByPath = new LinkedHashMap<>();
      for (FileEntry entry : reader.list(repo)) {
        if (IndexableFiles.skipReason(entry.path(), entry.sizeBytes()).isEmpty()) {
          blobsByPath.put(entry.path(), entry.blobSha());
        }
      }
      Set<String> known = indexedKeys();
      List<Map.Entry<String, String>> todo = blobsByPath.entrySet().stream()
          .filter(e -> !known.contains(IndexFields.key(e.getValue(), e.getKey()))).toList();
      filesTotal = todo.size();
      listener.started(progress());
      for (Map.Entry<String, String> file : todo) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("indexing of " + repoName + " stopped");
        }
        read(file.getKey(), file.getValue());
        if (pendingChunks >= BATCH_CHUNKS) {
          flush();
        }
      }
      flush();
      writer.commit();
      CommitManifest manifest = new CommitManifest(sha, blobsByPath);
      manifest.save(commitsDir);
      int dropped = dropUnretained();
      searchers.maybeRefreshBlocking();
      IndexReport report = new IndexReport(repoName, sha, false, blobsByPath.size(), filesTotal - filesSkipped,
          blobsByPath.size() - filesTotal, filesSkipped, dropped, chunksAdded, chunksEmbedded, embeddingsReused,
          elapsed());
      CommitIndex view = new CommitIndex(RepoIndex.this, manifest, report);
      commits.put(sha, view);
      listener.finished(report);
      return view;
    }

    private void read(String path, String blobSha) throws SourceException {
      String skipped = null;
      List<Chunk> chunks = List.of();
      try {
        FileBlob blob = reader.read(repo, path);
        skipped = IndexableFiles.contentSkipReason(blob.content()).orElse(null);
        if (skipped == null) {
          chunks = chunker.chunk(path, new String(blob.content(), StandardCharsets.UTF_8));
        }
      } catch (SourceException e) {
        switch (e.kind()) {
          // The listing said the file is there; what cannot be read as text is simply not indexed.
          case NOT_TEXT, TOO_LARGE, NOT_FOUND -> skipped = e.getMessage();
          default -> throw e;
        }
      }
      if (skipped != null) {
        filesSkipped++;
      }
      pending.add(new PendingFile(path, blobSha, chunks, skipped));
      pendingChunks += chunks.size();
    }

    /** Embeds the pending chunks that need it, in one model call, and writes their documents. */
    private void flush() throws IOException {
      if (pending.isEmpty()) {
        return;
      }
      Map<String, String> missing = new LinkedHashMap<>();
      for (PendingFile file : pending) {
        for (int i = 0; i < file.chunks().size(); i++) {
          String key = file.embedKeys().get(i);
          if (!embeddingsThisRun.containsKey(key) && !missing.containsKey(key)) {
            float[] stored = storedEmbedding(key);
            if (stored != null) {
              embeddingsThisRun.put(key, stored);
              embeddingsReused++;
            } else {
              missing.put(key, file.inputs().get(i));
            }
          }
        }
      }
      List<float[]> vectors = embedder.embedAll(new ArrayList<>(missing.values()));
      int v = 0;
      for (String key : missing.keySet()) {
        embeddingsThisRun.put(key, vectors.get(v++));
      }
      chunksEmbedded += missing.size();
      for (PendingFile file : pending) {
        writer.addDocuments(file.documents(embeddingsThisRun));
        indexedKeys.add(IndexFields.key(file.blobSha(), file.path()));
        chunksAdded += file.chunks().size();
        chunksSinceCommit += file.chunks().size();
        filesDone++;
      }
      pending.clear();
      pendingChunks = 0;
      if (chunksSinceCommit >= COMMIT_EVERY_CHUNKS) {
        writer.commit();
        searchers.maybeRefreshBlocking();
        chunksSinceCommit = 0;
      }
      listener.progressed(progress());
    }

    private float[] storedEmbedding(String embedKey) throws IOException {
      return withSearcher(searcher -> {
        TopDocs hits = searcher.search(new TermQuery(new Term(IndexFields.EMBED_KEY, embedKey)), 1);
        if (hits.scoreDocs.length == 0) {
          return null;
        }
        BytesRef bytes = searcher.storedFields().document(hits.scoreDocs[0].doc, Set.of(IndexFields.VECTOR_BYTES))
            .getBinaryValue(IndexFields.VECTOR_BYTES);
        return bytes == null ? null : IndexFields.toVector(bytes);
      });
    }

    private IndexProgress progress() {
      return new IndexProgress(repoName, repo.getCommitSha(), filesDone, filesTotal, chunksEmbedded, elapsed());
    }

    private Duration elapsed() {
      return Duration.ofNanos(System.nanoTime() - start);
    }
  }

  /** A read file waiting for its embeddings. */
  private final class PendingFile {
    private final String path;
    private final String blobSha;
    private final List<Chunk> chunks;
    private final String skipped;
    private final List<String> inputs = new ArrayList<>();
    private final List<String> embedKeys = new ArrayList<>();

    PendingFile(String path, String blobSha, List<Chunk> chunks, String skipped) {
      this.path = path;
      this.blobSha = blobSha;
      this.chunks = chunks;
      this.skipped = skipped;
      for (Chunk chunk : chunks) {
        String input = EmbeddingInput.of(path, chunk.symbols(), chunk.text());
        inputs.add(input);
        embedKeys.add(sha256(embedder.modelId() + "\n" + input));
      }
    }

    String path() {
      return path;
    }

    String blobSha() {
      return blobSha;
    }

    List<Chunk> chunks() {
      return chunks;
    }

    List<String> inputs() {
      return inputs;
    }

    List<String> embedKeys() {
      return embedKeys;
    }

    /** The chunks and the file marker, added as one block: a crash keeps all of a file version or none. */
    List<Document> documents(Map<String, float[]> embeddings) {
      String key = IndexFields.key(blobSha, path);
      List<Document> docs = new ArrayList<>(chunks.size() + 1);
      for (int i = 0; i < chunks.size(); i++) {
        Chunk chunk = chunks.get(i);
        float[] vector = embeddings.get(embedKeys.get(i));
        Document doc = new Document();
        doc.add(new StringField(IndexFields.TYPE, IndexFields.TYPE_CHUNK, Field.Store.NO));
        doc.add(new StringField(IndexFields.KEY, key, Field.Store.NO));
        doc.add(new StoredField(IndexFields.PATH, path));
        doc.add(new StoredField(IndexFields.BLOB, blobSha));
        doc.add(new StoredField(IndexFields.START, chunk.startLine()));
        doc.add(new StoredField(IndexFields.END, chunk.endLine()));
        doc.add(new StoredField(IndexFields.CHUNK_ID,
            IndexFields.chunkId(blobSha, chunk.startLine(), chunk.endLine())));
        doc.add(new TextField(IndexFields.BODY, chunk.text(), Field.Store.YES));
        doc.add(new TextField(IndexFields.PATH_TEXT, path, Field.Store.NO));
        doc.add(new TextField(IndexFields.SYMBOLS, String.join("\n", chunk.symbols()), Field.Store.YES));
        doc.add(new StringField(IndexFields.EMBED_KEY, embedKeys.get(i), Field.Store.NO));
        doc.add(new KnnFloatVectorField(IndexFields.VECTOR, vector, VectorSimilarityFunction.COSINE));
        doc.add(new StoredField(IndexFields.VECTOR_BYTES, IndexFields.toBytes(vector)));
        docs.add(doc);
      }
      Document marker = new Document();
      marker.add(new StringField(IndexFields.TYPE, IndexFields.TYPE_FILE, Field.Store.NO));
      marker.add(new StringField(IndexFields.KEY, key, Field.Store.YES));
      marker.add(new StoredField(IndexFields.PATH, path));
      marker.add(new StoredField(IndexFields.BLOB, blobSha));
      marker.add(new StoredField(IndexFields.CHUNK_COUNT, chunks.size()));
      if (skipped != null) {
        marker.add(new StoredField(IndexFields.SKIPPED, skipped));
      }
      docs.add(marker);
      return docs;
    }
  }

  /** Keys of every file version in the index, read from the file markers. */
  private Set<String> indexedKeys() throws IOException {
    if (indexedKeys == null) {
      indexedKeys = withSearcher(searcher -> {
        Set<String> keys = new HashSet<>();
        int max = Math.max(1, searcher.getIndexReader().maxDoc());
        TopDocs markers = searcher.search(new TermQuery(new Term(IndexFields.TYPE, IndexFields.TYPE_FILE)), max);
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc hit : markers.scoreDocs) {
          keys.add(stored.document(hit.doc, Set.of(IndexFields.KEY)).get(IndexFields.KEY));
        }
        return keys;
      });
    }
    return indexedKeys;
  }

  /**
   * Keeps the {@link #RETAINED_COMMITS} most recently used commits and deletes the file versions
   * none of them has (deleted files, old versions of changed ones). Returns how many went.
   */
  private int dropUnretained() throws IOException {
    List<Path> manifests;
    try (Stream<Path> files = Files.list(commitsDir)) {
      manifests = files.filter(p -> p.getFileName().toString().endsWith(".manifest"))
          .sorted(Comparator.comparing(RepoIndex::lastModified).reversed()).toList();
    }
    Set<String> retained = new HashSet<>();
    for (int i = 0; i < manifests.size(); i++) {
      String sha = manifests.get(i).getFileName().toString().replace(".manifest", "");
      if (i < RETAINED_COMMITS) {
        CommitManifest manifest = CommitManifest.load(commitsDir, sha);
        if (manifest != null) {
          retained.addAll(manifest.keys());
        }
      } else {
        Files.deleteIfExists(manifests.get(i));
        commits.remove(sha);
      }
    }
    List<String> gone = indexedKeys().stream().filter(k -> !retained.contains(k)).toList();
    for (String key : gone) {
      writer.deleteDocuments(new Term(IndexFields.KEY, key));
      indexedKeys.remove(key);
    }
    if (!gone.isEmpty()) {
      writer.commit();
    }
    return gone.size();
  }

  private static java.nio.file.attribute.FileTime lastModified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    writer.close();
    directory.close();
  }
}
