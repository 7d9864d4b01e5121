package dev.orkestra.retriever.index;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which files of a repository are worth indexing, and why not when they are not. Vendored and
 * generated trees (dependencies, build output), binaries, lock files and minified bundles would
 * drown the repository's own code in search results and cost embedding time for nothing.
 */
public final class IndexableFiles {

  public static final long MAX_BYTES = 512 * 1024;
  /** Minified or generated: lines this long on average are not code a person wrote or reads. */
  static final int MAX_AVERAGE_LINE = 300;

  static final Set<String> SKIPPED_DIRS = Set.of("node_modules", "target", "build", ".git", "dist", "vendor",
      "__pycache__", ".venv", "venv", ".gradle", ".idea", ".next", "bower_components", ".tox", ".mypy_cache");

  static final Set<String> BINARY_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "ico", "bmp", "webp", "svg",
      "tif", "tiff", "psd", "pdf", "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "jar", "war", "ear", "class",
      "so", "dylib", "dll", "exe", "bin", "o", "a", "lib", "obj", "pyc", "pyo", "woff", "woff2", "ttf", "otf",
      "eot", "mp3", "mp4", "wav", "ogg", "flac", "mov", "avi", "mkv", "webm", "db", "sqlite", "keystore", "jks",
      "p12", "pem", "der", "crt", "icns", "parquet", "avro", "onnx", "pt", "npy", "npz", "pkl", "h5");

  static final Set<String> GENERATED_NAMES = Set.of("package-lock.json", "yarn.lock", "pnpm-lock.yaml",
      "cargo.lock", "poetry.lock", "composer.lock", "gemfile.lock", "go.sum", "pipfile.lock", "uv.lock");

  private IndexableFiles() {}

  /** Why the file is skipped before reading it, or empty when it is indexed. */
  public static Optional<String> skipReason(String path, long sizeBytes) {
    String[] segments = path.split("/");
    for (int i = 0; i < segments.length - 1; i++) {
      if (SKIPPED_DIRS.contains(segments[i])) {
        return Optional.of("vendored or generated directory " + segments[i] + "/");
      }
    }
    String name = segments[segments.length - 1].toLowerCase(Locale.ROOT);
    if (GENERATED_NAMES.contains(name)) {
      return Optional.of("lock file");
    }
    if (name.contains(".min.") || name.endsWith(".map")) {
      return Optional.of("minified");
    }
    int dot = name.lastIndexOf('.');
    if (dot >= 0 && BINARY_EXTENSIONS.contains(name.substring(dot + 1))) {
      return Optional.of("binary file type");
    }
    if (sizeBytes > MAX_BYTES) {
      return Optional.of("larger than " + MAX_BYTES / 1024 + " KB");
    }
    return Optional.empty();
  }

  /** Why the content is skipped once read (binary, generated), or empty. */
  public static Optional<String> contentSkipReason(byte[] content) {
    int end = Math.min(content.length, 8000);
    for (int i = 0; i < end; i++) {
      if (content[i] == 0) {
        return Optional.of("binary content");
      }
    }
    int lines = 1;
    for (byte b : content) {
      if (b == '\n') {
        lines++;
      }
    }
    if (content.length > 2000 && content.length / lines > MAX_AVERAGE_LINE) {
      return Optional.of("minified or generated (long lines)");
    }
    return Optional.empty();
  }
}
