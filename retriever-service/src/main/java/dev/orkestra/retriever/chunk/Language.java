package dev.orkestra.retriever.chunk;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a file's declarations look, guessed from its extension. Lightweight on purpose: a few
 * regular expressions per language family find where functions, classes and methods start, which
 * is all chunking needs — a parser per language would cost more than it buys for search.
 */
public enum Language {

  /** Java, Kotlin, Scala, Groovy, C#, Dart, Swift: braces, modifiers, annotations. */
  JVM_LIKE(8, List.of("@", "//", "/*", "*", "*/", "#["),
      // type declarations
      "^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|internal|static|final|abstract|sealed|"
          + "non-sealed|open|data|inner|partial|strictfp|case|enum|annotation|value)\\s+)*"
          + "(?:class|interface|enum|record|object|trait|@interface|struct)\\s+(?<name>[A-Za-z_]\\w*)",
      // fun/def/func (Kotlin, Scala, Groovy, Swift)
      "^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|internal|static|final|abstract|open|"
          + "override|suspend|inline|operator|infix|tailrec|implicit|lazy|mutating)\\s+)*(?:fun|def|func)\\s+"
          + "(?:<[^>]*>\\s*)?(?:[\\w.]+\\.)?(?<name>[A-Za-z_]\\w*)",
      // methods and constructors with at least one modifier
      "^\\s*(?:@[\\w.]+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|internal|static|final|abstract|"
          + "synchronized|native|default|override|open|async|virtual|extern|unsafe|strictfp)\\s+)+"
          + "(?:<[^()=;]*>\\s+)?(?:[\\w$.?\\[\\]]+(?:<[^()=;]*>)?[\\[\\]]*\\s+)?(?<name>[A-Za-z_$][\\w$]*)\\s*\\(",
      // methods without modifiers: a return type, then the name
      "^\\s*(?:<[^()=;]*>\\s+)?(?<type>[\\w$.?\\[\\]]+(?:<[^()=;]*>)?[\\[\\]]*)\\s+(?<name>[A-Za-z_$][\\w$]*)\\s*\\("
          + "[^=]*$"),

  PYTHON(4, List.of("@", "#"),
      "^\\s*(?:async\\s+)?def\\s+(?<name>\\w+)",
      "^\\s*class\\s+(?<name>\\w+)"),

  /** JavaScript and TypeScript. */
  JAVASCRIPT(4, List.of("@", "//", "/*", "*", "*/"),
      "^\\s*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*(?<name>[\\w$]+)",
      "^\\s*(?:export\\s+)?(?:default\\s+)?(?:declare\\s+)?(?:abstract\\s+)?(?:class|interface|enum|type|namespace)\\s+"
          + "(?<name>[\\w$]+)",
      "^\\s*(?:export\\s+)?(?:const|let|var)\\s+(?<name>[\\w$]+)\\s*(?::[^=]+)?=\\s*(?:async\\s+)?"
          + "(?:function\\b|\\([^)]*\\)\\s*(?::[^=]+)?=>|[\\w$]+\\s*=>)",
      "^\\s*(?:(?:public|private|protected|static|async|readonly|override|get|set)\\s+)*(?<name>[\\w$]+)\\s*"
          + "(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*(?::\\s*[^{=;]+)?\\{\\s*$"),

  GO(0, List.of("//"),
      "^func\\s+(?:\\([^)]*\\)\\s*)?(?<name>\\w+)",
      "^type\\s+(?<name>\\w+)"),

  RUST(4, List.of("///", "//", "#[", "#!["),
      "^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?(?:(?:async|unsafe|const|extern(?:\\s+\"[^\"]*\")?)\\s+)*fn\\s+(?<name>\\w+)",
      "^\\s*(?:pub(?:\\([^)]*\\))?\\s+)?(?:struct|enum|trait|mod|union|type)\\s+(?<name>\\w+)",
      "^\\s*impl(?:<[^>]*>)?\\s+(?:[\\w:<>, ]+\\s+for\\s+)?(?<name>[\\w:]+)"),

  /** C, C++, Objective-C. */
  C_LIKE(4, List.of("//", "/*", "*", "*/"),
      "^(?:(?:static|inline|extern|virtual|const|unsigned|signed|struct|enum)\\s+)*[\\w:<>,]+[\\s*&]+"
          + "(?<name>[A-Za-z_~][\\w:~]*)\\s*\\([^;]*$",
      "^\\s*(?:typedef\\s+)?(?:struct|class|enum|union|namespace)\\s+(?<name>\\w+)[^;]*$"),

  RUBY(4, List.of("#"),
      "^\\s*def\\s+(?:self\\.)?(?<name>[\\w?!=]+)",
      "^\\s*(?:class|module)\\s+(?<name>[\\w:]+)"),

  PHP(4, List.of("//", "/*", "*", "*/", "#["),
      "^\\s*(?:(?:public|private|protected|static|abstract|final)\\s+)*function\\s+&?(?<name>\\w+)",
      "^\\s*(?:abstract\\s+|final\\s+)?(?:class|interface|trait|enum)\\s+(?<name>\\w+)"),

  SHELL(0, List.of("#"),
      "^\\s*function\\s+(?<name>[\\w-]+)",
      "^\\s*(?<name>[\\w-]+)\\s*\\(\\)"),

  /** Sections by heading; see {@link Chunker}. */
  MARKDOWN(3, List.of()),

  /** Configuration, data and prose: paragraphs only. */
  TEXT(0, List.of());

  /** Keywords a line can start with that look like a return type to the patterns above ({@code new Foo(x);}). */
  private static final Set<String> NOT_TYPES = Set.of("return", "new", "throw", "else", "case", "yield", "await",
      "assert", "goto", "package", "import", "delete", "typeof", "echo", "print", "defer", "go");

  /** Keywords that look like a called or declared name ({@code if (x) {}). */
  private static final Set<String> NOT_DECLARATIONS = Set.of("if", "for", "while", "switch", "catch", "return",
      "throw", "throws", "else", "case", "yield", "await", "assert", "goto", "package", "import", "do", "try",
      "synchronized", "super", "this", "function", "with", "sizeof", "typeof", "delete", "when", "match", "foreach",
      "elif", "unless", "until", "echo", "print", "defined", "and", "or", "not", "in", "is", "instanceof");

  private static final Map<String, Language> BY_EXTENSION = Map.ofEntries(
      Map.entry("java", JVM_LIKE), Map.entry("kt", JVM_LIKE), Map.entry("kts", JVM_LIKE),
      Map.entry("scala", JVM_LIKE), Map.entry("groovy", JVM_LIKE), Map.entry("gradle", JVM_LIKE),
      Map.entry("cs", JVM_LIKE), Map.entry("dart", JVM_LIKE), Map.entry("swift", JVM_LIKE),
      Map.entry("py", PYTHON), Map.entry("pyi", PYTHON),
      Map.entry("js", JAVASCRIPT), Map.entry("jsx", JAVASCRIPT), Map.entry("mjs", JAVASCRIPT),
      Map.entry("cjs", JAVASCRIPT), Map.entry("ts", JAVASCRIPT), Map.entry("tsx", JAVASCRIPT),
      Map.entry("mts", JAVASCRIPT), Map.entry("vue", JAVASCRIPT), Map.entry("svelte", JAVASCRIPT),
      Map.entry("go", GO), Map.entry("rs", RUST),
      Map.entry("c", C_LIKE), Map.entry("h", C_LIKE), Map.entry("cc", C_LIKE), Map.entry("cpp", C_LIKE),
      Map.entry("cxx", C_LIKE), Map.entry("hpp", C_LIKE), Map.entry("hh", C_LIKE), Map.entry("m", C_LIKE),
      Map.entry("mm", C_LIKE),
      Map.entry("rb", RUBY), Map.entry("php", PHP),
      Map.entry("sh", SHELL), Map.entry("bash", SHELL), Map.entry("zsh", SHELL),
      Map.entry("md", MARKDOWN), Map.entry("markdown", MARKDOWN), Map.entry("mdx", MARKDOWN));

  private final int maxIndent;
  private final List<String> leadingPrefixes;
  private final List<Pattern> patterns;

  Language(int maxIndent, List<String> leadingPrefixes, String... patterns) {
    this.maxIndent = maxIndent;
    this.leadingPrefixes = leadingPrefixes;
    this.patterns = java.util.Arrays.stream(patterns).map(Pattern::compile).toList();
  }

  public static Language of(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? TEXT : BY_EXTENSION.getOrDefault(name.substring(dot + 1), TEXT);
  }

  /**
   * The name this line declares, if it starts a function, class or method no deeper than this
   * language's member level (deeper declarations — local classes, lambdas — stay inside their parent).
   */
  public Optional<String> declaredName(String line) {
    if (patterns.isEmpty() || indentOf(line) > maxIndent || line.isBlank()) {
      return Optional.empty();
    }
    String trimmed = line.strip();
    if (leadingPrefixes.stream().anyMatch(p -> trimmed.startsWith(p) && !p.equals("@"))) {
      return Optional.empty(); // a comment that merely mentions "class Foo"
    }
    for (Pattern pattern : patterns) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        String name = m.group("name");
        String type = pattern.pattern().contains("(?<type>") ? m.group("type") : null;
        if (NOT_DECLARATIONS.contains(name) || (type != null && NOT_TYPES.contains(type))) {
          continue;
        }
        return Optional.of(name);
      }
    }
    return Optional.empty();
  }

  /** Comment, annotation or decorator lines that belong to the declaration below them. */
  public boolean isLeadingLine(String line) {
    String trimmed = line.strip();
    return !trimmed.isEmpty() && leadingPrefixes.stream().anyMatch(trimmed::startsWith);
  }

  /** Columns of leading whitespace, a tab counting four. */
  static int indentOf(String line) {
    int columns = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ') {
        columns++;
      } else if (c == '\t') {
        columns += 4;
      } else {
        break;
      }
    }
    return columns;
  }
}
