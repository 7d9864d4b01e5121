package dev.orkestra.retriever.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The content words of a question: what the relevance gate asks the code to contain. Besides
 * English stop words this drops the words every question about code is made of ("where", "how",
 * "implemented", "function", "code") — they say what kind of answer is wanted, not what it is about,
 * and counting them would make a question look unanswerable in a repository that never says
 * "implemented".
 */
public final class QueryTerms {

  static final Set<String> QUESTION_WORDS = Set.of(
      // interrogatives and auxiliaries
      "where", "what", "which", "who", "whom", "whose", "why", "how", "when", "whether",
      "does", "do", "did", "doing", "done", "is", "are", "was", "were", "be", "been", "being", "am",
      "can", "could", "should", "would", "will", "shall", "may", "might", "must", "has", "have", "had", "having",
      // pronouns, determiners, prepositions
      "i", "me", "my", "we", "us", "our", "you", "your", "it", "its", "they", "them", "their", "there", "here",
      "this", "that", "these", "those", "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by",
      "with", "without", "about", "into", "onto", "over", "under", "between", "during", "before", "after",
      "above", "below", "up", "down", "out", "off", "again", "then", "once", "all", "any", "both", "each",
      "every", "few", "more", "most", "other", "some", "such", "only", "own", "same", "so", "than", "too",
      "very", "just", "also", "and", "or", "but", "not", "no", "nor", "if", "else", "while", "via", "through",
      "whatever", "something", "anything", "everything", "way", "ways", "kind", "sort", "one", "ones",
      // what a question about code is made of
      "implemented", "implement", "implements", "implementing", "implementation", "implementations",
      "defined", "define", "defines", "definition", "declared", "declare", "declares", "handled", "handles",
      "handle", "handling", "located", "locate", "location", "live", "lives", "find", "found", "show", "tell",
      "explain", "describe", "described", "happen", "happens", "happening", "work", "works", "working",
      "code", "codebase", "repository", "repo", "project", "logic", "place", "places", "part", "parts",
      "function", "functions", "method", "methods", "class", "classes", "module", "modules", "file", "files",
      "use", "used", "uses", "using", "call", "called", "calls", "make", "makes", "made",
      "responsible", "performed", "perform", "performs", "decide", "decides", "decided",
      "somewhere", "exactly", "actually", "currently", "supported", "support", "supports", "provide",
      "provides", "provided", "take", "takes", "let", "lets", "need", "needs", "want", "like", "look", "looks",
      "see", "come", "comes", "go", "goes", "please");

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_$]+");

  private QueryTerms() {}

  /** Content words in order of first appearance, one per distinct analysed form. */
  public static List<QueryWord> of(String question, Analyzer analyzer) {
    Map<String, QueryWord> words = new LinkedHashMap<>();
    if (question == null) {
      return List.of();
    }
    Matcher m = WORD.matcher(question);
    while (m.find()) {
      String raw = m.group();
      if (QUESTION_WORDS.contains(raw.toLowerCase(Locale.ROOT))) {
        continue;
      }
      List<String> forms = analyze(analyzer, raw);
      if (forms.isEmpty()) {
        continue; // a stop word, a single letter
      }
      String whole = forms.getFirst();
      words.putIfAbsent(whole, new QueryWord(raw, whole, forms.size() > 1 ? forms.subList(1, forms.size())
          : List.of()));
    }
    return List.copyOf(words.values());
  }

  /** What the analyzer makes of one piece of text, in stream order. */
  public static List<String> analyze(Analyzer analyzer, String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("body", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        terms.add(term.toString());
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }
}
