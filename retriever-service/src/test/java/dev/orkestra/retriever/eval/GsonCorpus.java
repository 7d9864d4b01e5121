package dev.orkestra.retriever.eval;

import dev.orkestra.runtime.source.GitRepoBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A real repository nobody here wrote: Gson's sources jar (a test dependency, so Maven fetched it from
 * Central) unpacked into a fresh git repository laid out like Gson's own — sources under
 * {@code src/main/java/}, the pom at the root.
 */
final class GsonCorpus implements EvalCorpus {

  @Override
  public String name() {
    return "gson";
  }

  @Override
  public EvalQuestions questions() {
    return EvalQuestions.load("/eval/gson-questions.yaml");
  }

  /** Builds the repository in {@code dir}; returns the commit SHA. */
  @Override
  public String build(Path dir) {
    URL marker = GsonCorpus.class.getClassLoader().getResource("com/google/gson/Gson.java");
    if (marker == null) {
      throw new IllegalStateException("gson sources jar is not on the test classpath");
    }
    try {
      JarURLConnection connection = (JarURLConnection) marker.openConnection();
      connection.setUseCaches(false);
      String jarPath = Path.of(connection.getJarFileURL().toURI()).toString();
      try (ZipFile jar = new ZipFile(jarPath); GitRepoBuilder repo = GitRepoBuilder.init(dir)) {
        int files = 0;
        Enumeration<? extends ZipEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
          ZipEntry entry = entries.nextElement();
          String name = entry.getName();
          String target = null;
          if (name.endsWith(".java")) {
            target = "src/main/java/" + name;
          } else if (name.endsWith("/pom.xml")) {
            target = "pom.xml";
          }
          if (target != null && !entry.isDirectory()) {
            try (InputStream in = jar.getInputStream(entry)) {
              repo.file(target, in.readAllBytes());
              files++;
            }
          }
        }
        if (files < 50) {
          throw new IllegalStateException("only " + files + " files in " + jarPath);
        }
        return repo.commit("Gson sources " + System.getProperty("eval.gson.version", ""));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
