package dev.orkestra.runtime.source;

import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;

/** A file's content at a commit. */
public record FileBlob(String path, String blobSha, byte[] content) {

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }

  /**
   * This blob, once its content is shown to hash to {@code blobSha} ({@code git hash-object}): what
   * was read is what git stores under that name, whichever storage or API it came through.
   */
  public FileBlob verified() throws SourceException {
    if (!blobSha.equals(gitBlobSha(content))) {
      throw new SourceException(SourceException.Kind.FAILED,
          "blob " + blobSha + " of '" + path + "' does not hash to its SHA", null, null, null);
    }
    return this;
  }

  /** The git blob SHA-1 of {@code content}. */
  static String gitBlobSha(byte[] content) {
    try (ObjectInserter.Formatter formatter = new ObjectInserter.Formatter()) {
      return formatter.idFor(Constants.OBJ_BLOB, content).name();
    }
  }
}
