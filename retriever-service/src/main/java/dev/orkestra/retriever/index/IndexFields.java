package dev.orkestra.retriever.index;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.lucene.util.BytesRef;

/**
 * The Lucene schema. Two kinds of documents share one index per repository: a {@code chunk}
 * (searchable text, line range, embedding) and a {@code file} marker per (path, blob) version, which
 * records that the version was indexed even when it yielded no chunk (empty, binary) so it is not
 * read again.
 */
public final class IndexFields {

  public static final String TYPE = "type";
  public static final String TYPE_CHUNK = "chunk";
  public static final String TYPE_FILE = "file";
  /** {@code <blobSha>:<path>}: one file version; what a commit's view filters on and what is dropped. */
  public static final String KEY = "key";
  public static final String PATH = "path";
  public static final String BLOB = "blob";
  public static final String START = "start";
  public static final String END = "end";
  public static final String CHUNK_ID = "chunk_id";
  /** Analysed fields, searched with BM25. */
  public static final String BODY = "body";
  public static final String PATH_TEXT = "path_text";
  public static final String SYMBOLS = "symbols";
  /** Key of the embedding cache: a hash of model id and embedded text. */
  public static final String EMBED_KEY = "embed_key";
  public static final String VECTOR = "vector";
  /** The same vector, stored: reused for unchanged text and for exact cosines at query time. */
  public static final String VECTOR_BYTES = "vector_bytes";
  public static final String SKIPPED = "skipped";
  public static final String CHUNK_COUNT = "chunk_count";

  private IndexFields() {}

  public static String key(String blobSha, String path) {
    return blobSha + ":" + path;
  }

  /** Stable across commits: the same blob chunks the same way, so its chunk ids do not change. */
  public static String chunkId(String blobSha, int startLine, int endLine) {
    return blobSha.substring(0, Math.min(12, blobSha.length())) + ":" + startLine + "-" + endLine;
  }

  static BytesRef toBytes(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      buffer.putFloat(v);
    }
    return new BytesRef(buffer.array());
  }

  public static float[] toVector(BytesRef bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length).order(ByteOrder.LITTLE_ENDIAN);
    float[] vector = new float[bytes.length / Float.BYTES];
    for (int i = 0; i < vector.length; i++) {
      vector[i] = buffer.getFloat();
    }
    return vector;
  }
}
