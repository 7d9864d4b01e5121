package dev.orkestra.retriever.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the embedding stack's native files under the service's data directory instead of
 * {@code ~/.djl.ai} and {@code /tmp}: DJL's cache (the tokenizer's native library), JNA's temp dir,
 * and ONNX Runtime's libraries, which it would otherwise unpack into a fresh temp dir per JVM.
 * Settings already given on the command line (tests pass {@code target/}) win.
 */
public final class NativeDirs {

  private static final Logger log = LoggerFactory.getLogger(NativeDirs.class);
  private static final String ORT_PATH = "onnxruntime.native.path";

  private NativeDirs() {}

  public static synchronized void configure(Path base) {
    setIfAbsent("DJL_CACHE_DIR", base.resolve("djl"));
    setIfAbsent("ENGINE_CACHE_DIR", base.resolve("djl"));
    setIfAbsent("jna.tmpdir", base.resolve("jna"));
    if (System.getProperty(ORT_PATH) == null && System.getenv("ONNXRUNTIME_NATIVE_PATH") == null) {
      unpackOnnxRuntime(base.resolve("onnxruntime"));
    }
  }

  private static void setIfAbsent(String property, Path dir) {
    if (System.getProperty(property) == null && System.getenv(property) == null) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create " + dir, e);
      }
      System.setProperty(property, dir.toString());
    }
  }

  /** Copies ONNX Runtime's two libraries for this platform once; if the jar has none for it, ORT does its default. */
  private static void unpackOnnxRuntime(Path dir) {
    String platform = platform();
    String[] libraries = {System.mapLibraryName("onnxruntime"), System.mapLibraryName("onnxruntime4j_jni")};
    try {
      Files.createDirectories(dir);
      for (String library : libraries) {
        String resource = "/ai/onnxruntime/native/" + platform + "/" + library;
        try (InputStream in = NativeDirs.class.getResourceAsStream(resource)) {
          if (in == null) {
            log.debug("no bundled {} for {}", library, platform);
            return;
          }
          Path target = dir.resolve(library);
          if (!Files.exists(target)) {
            Path partial = Files.createTempFile(dir, library, ".part");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      System.setProperty(ORT_PATH, dir.toString());
    } catch (IOException e) {
      log.warn("cannot unpack ONNX Runtime into {} ({}); it will use its temp dir", dir, e.getMessage());
    }
  }

  private static String platform() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String osPart = os.contains("mac") ? "osx" : os.contains("win") ? "win" : "linux";
    String archPart = arch.contains("aarch64") || arch.contains("arm64") ? "aarch64" : "x64";
    return osPart + "-" + archPart;
  }
}
