package dev.orkestra.retriever.search;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What kind of file a question wants: "where/how is X done" wants code; "what do the docs say
 * about …", "is there a guide for …" wants prose; "how is X tested" wants tests. A file of a kind
 * the question does not ask for keeps a share of its score ({@link #prior}) rather than being
 * dropped: a summary is still an answer when the code does not match at all.
 *
 * @param wantsProse the question names documentation
 * @param wantsTests the question names tests
 */
public record QuestionIntent(boolean wantsProse, boolean wantsTests) {

  /** Share of its score a test file keeps when the question is not about tests. */
  static final double TEST_PRIOR = 0.5;
  /** Share of its score a prose file keeps when the question is not about documentation. */
  static final double PROSE_PRIOR = 0.6;

  private static final Set<String> PROSE_WORDS = Set.of("doc", "docs", "documentation", "documented", "document",
      "readme", "guide", "guides", "changelog", "tutorial", "say", "says", "mention", "mentions", "described",
      "describe", "describes", "instructions", "wiki", "faq", "notes", "summary");
  private static final Set<String> TEST_WORDS = Set.of("test", "tests", "tested", "testing", "spec", "specs",
      "unittest", "pytest", "fixture", "fixtures", "mock", "mocks", "mocked");
  private static final Pattern WORD = Pattern.compile("[a-z]+");

  public static QuestionIntent of(String question) {
    boolean prose = false;
    boolean tests = false;
    var words = WORD.matcher(question.toLowerCase(Locale.ROOT));
    while (words.find()) {
      prose |= PROSE_WORDS.contains(words.group());
      tests |= TEST_WORDS.contains(words.group());
    }
    return new QuestionIntent(prose, tests);
  }

  /** The factor a chunk's score is multiplied by for being in a file of {@code kind}. */
  public double prior(FileKind kind) {
    return switch (kind) {
      case CODE -> 1.0;
      case TEST -> wantsTests ? 1.0 : TEST_PRIOR;
      case PROSE -> wantsProse ? 1.0 : PROSE_PRIOR;
    };
  }
}
