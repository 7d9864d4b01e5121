package dev.orkestra.runtime.source;

import java.nio.charset.StandardCharsets;

/** A file's content at a commit. */
public record FileBlob(String path, String blobSha, byte[] content) {

  public String text() {
    return new String(content, StandardCharsets.UTF_8);
  }
}
