package dev.orkestra.retriever.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.retriever.search.QuestionIntent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Asks the retriever model for the code terms a question is about (identifiers, file names, the
 * code's own words for "nesting depth"), so that code which never uses the question's words can
 * still be found. The terms are searched <em>in addition to</em> the question, never instead of it
 * ({@link AssistedSearch}). What the model proposes is only ever words to search for: each must look
 * like an identifier or a path, at most {@value #MAX_TERMS} are taken, words already in the question
 * go, and so do words that would change what kind of file the question wants (a "test" or "docs"
 * the question did not ask for); the search then drops those the repository never mentions.
 */
public final class QueryRewrite {

  static final int MAX_TERMS = 12;
  static final int MAX_TERM_CHARS = 64;
  static final int MAX_QUESTION_CHARS = 2_000;
  /** How the user message starts (scripted models match on it). */
  public static final String HEADER = "Code terms for this question.";

  static final String SYSTEM = """
      You help a code search engine. The user message has a question a developer asked about a \
      repository. List the identifiers, file names and words the code that answers it probably \
      contains: function, class, variable and file names in the style such code is usually written \
      in (for example login_required, parseJson, auth.py), and the words code uses for what the \
      question describes.
      Reply with JSON only, no prose: {"terms": ["...", "..."]}, at most 12 terms.""";

  private static final Pattern TERM = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9_$./:-]*");
  private static final Pattern EDGES = Pattern.compile("^[^A-Za-z0-9_$]+|[^A-Za-z0-9_$]+$");
  private static final Pattern SPLIT = Pattern.compile("[\\s,;]+");
  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_$]+");

  private QueryRewrite() {}

  static List<ChatMessage> messages(String question) {
    return List.of(SystemMessage.from(SYSTEM), UserMessage.from(HEADER + "\nQuestion: " + cap(question.strip())));
  }

  /** The model's terms for {@code question}; empty when the call failed or the reply had none (logged). */
  static List<String> terms(ModelStep step, String question) throws Exception {
    Optional<String> reply = step.ask("question rewrite", messages(question));
    if (reply.isEmpty()) {
      return List.of();
    }
    List<String> terms = parse(reply.get(), question);
    if (terms.isEmpty()) {
      step.unusable("question rewrite", "no usable term in it");
    }
    return terms;
  }

  /**
   * The terms of a reply: {@code {"terms": [...]}} or a bare list of strings, each string split at
   * white space and commas; what is left must look like an identifier or path.
   */
  public static List<String> parse(String reply, String question) {
    Optional<JsonNode> json = ReplyJson.first(reply);
    if (json.isEmpty()) {
      return List.of();
    }
    JsonNode list = json.get().isArray() ? json.get() : json.get().get("terms");
    if (list == null || !list.isArray()) {
      return List.of();
    }
    Set<String> asked = words(question);
    QuestionIntent intent = QuestionIntent.of(question);
    Map<String, String> terms = new LinkedHashMap<>();
    for (JsonNode entry : list) {
      if (!entry.isTextual()) {
        continue;
      }
      for (String part : SPLIT.split(entry.textValue())) {
        String term = EDGES.matcher(part).replaceAll("");
        String key = term.toLowerCase(Locale.ROOT);
        if (terms.size() >= MAX_TERMS) {
          return List.copyOf(terms.values());
        }
        if (term.length() >= 2 && term.length() <= MAX_TERM_CHARS && TERM.matcher(term).matches()
            && !asked.contains(key) && QuestionIntent.of(question + " " + term).equals(intent)) {
          terms.putIfAbsent(key, term);
        }
      }
    }
    return List.copyOf(terms.values());
  }

  /** What is searched besides the question: the question followed by the terms. */
  static String expanded(String question, List<String> terms) {
    return question.strip() + "\n" + String.join(" ", terms);
  }

  private static Set<String> words(String question) {
    return WORD.matcher(question.toLowerCase(Locale.ROOT)).results().map(m -> m.group())
        .collect(Collectors.toSet());
  }

  static String cap(String text) {
    return text.length() <= MAX_QUESTION_CHARS ? text : text.substring(0, MAX_QUESTION_CHARS) + "…";
  }
}
