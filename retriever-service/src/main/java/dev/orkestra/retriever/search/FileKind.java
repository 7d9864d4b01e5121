package dev.orkestra.retriever.search;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a file is to someone asking about a repository, from its path alone: the code itself, its
 * tests, or prose (READMEs, guides, summaries). A question about how something works wants the
 * code; tests and prose repeat its words (a test names what it tests, a summary names everything)
 * and outrank it on words alone — measured on the application corpora (docs/retrieval.md).
 */
public enum FileKind {
  CODE, TEST, PROSE;

  private static final Set<String> TEST_DIRS = Set.of("test", "tests", "__tests__", "spec", "specs", "testing",
      "testdata", "e2e", "fixtures", "__mocks__");
  private static final Pattern TEST_NAME = Pattern.compile(
      "test_.*\\.py|.*_test\\.(py|go|rb|exs?|c|cc|cpp|rs)|conftest\\.py|.*\\.(test|spec)\\.[cm]?[jt]sx?|.*_spec\\.rb");
  /** JVM and .NET test classes, by their capitalised suffix ({@code FooTest.java}, not {@code Contest.java}). */
  private static final Pattern TEST_CLASS = Pattern.compile(".*[a-z0-9](Test|Tests|IT|Spec)\\.(java|kt|kts|scala|groovy|cs|swift)");
  private static final Set<String> PROSE_EXTENSIONS = Set.of("md", "markdown", "mdx", "rst", "txt", "adoc",
      "asciidoc", "org");

  public static FileKind of(String path) {
    String lower = path.toLowerCase(Locale.ROOT);
    String[] segments = lower.split("/");
    String name = segments[segments.length - 1];
    for (int i = 0; i < segments.length - 1; i++) {
      if (TEST_DIRS.contains(segments[i])) {
        return TEST;
      }
    }
    String originalName = path.substring(path.lastIndexOf('/') + 1);
    if (TEST_NAME.matcher(name).matches() || TEST_CLASS.matcher(originalName).matches()) {
      return TEST;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot < 0 ? "" : name.substring(dot + 1);
    if (PROSE_EXTENSIONS.contains(extension) || (dot < 0 && Set.of("readme", "changelog", "changes", "authors",
        "contributing", "license", "notice").contains(name))) {
      return PROSE;
    }
    return CODE;
  }
}
