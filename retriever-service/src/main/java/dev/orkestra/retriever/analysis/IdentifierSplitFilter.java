package dev.orkestra.retriever.analysis;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Emits each identifier whole (lower-cased) and then its parts at the same position, so
 * {@code parseJsonValue} is found by "parseJsonValue", by "json value" and by "parse".
 */
public final class IdentifierSplitFilter extends TokenFilter {

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
  private final Deque<String> pendingParts = new ArrayDeque<>();
  private State wholeState;

  public IdentifierSplitFilter(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!pendingParts.isEmpty()) {
      restoreState(wholeState);
      term.setEmpty().append(pendingParts.poll());
      position.setPositionIncrement(0);
      return true;
    }
    if (!input.incrementToken()) {
      return false;
    }
    String original = term.toString();
    List<String> parts = IdentifierSplitter.words(original);
    String whole = stripSeparators(original).toLowerCase(Locale.ROOT);
    if (whole.isEmpty()) {
      whole = original.toLowerCase(Locale.ROOT);
    }
    term.setEmpty().append(whole);
    if (parts.size() > 1) {
      wholeState = captureState();
      for (String part : parts) {
        if (!part.equals(whole)) {
          pendingParts.add(part);
        }
      }
    }
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    pendingParts.clear();
    wholeState = null;
  }

  /** {@code __init__} and {@code $Gson$Types} are searched as {@code init} and {@code gson$types}. */
  private static String stripSeparators(String token) {
    int from = 0;
    int to = token.length();
    while (from < to && (token.charAt(from) == '_' || token.charAt(from) == '$')) {
      from++;
    }
    while (to > from && (token.charAt(to - 1) == '_' || token.charAt(to - 1) == '$')) {
      to--;
    }
    return token.substring(from, to);
  }
}
