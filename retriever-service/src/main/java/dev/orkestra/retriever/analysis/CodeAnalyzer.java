package dev.orkestra.retriever.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.util.CharTokenizer;

/**
 * The analyzer for code and for questions about code, used on both sides so they meet: tokens are
 * runs of letters, digits, {@code _} and {@code $} (so paths and {@code a.b()} split at the
 * punctuation), identifiers are kept whole and split into words ({@link IdentifierSplitFilter}),
 * English stop words go, and what remains is Porter-stemmed so "serialization" meets "serialize".
 */
public final class CodeAnalyzer extends Analyzer {

  /** Changes whenever the terms it produces change: indexes made by another version are rebuilt. */
  public static final int VERSION = 2;

  /** Longer tokens are hashes, base64 or generated names: nobody searches for them. */
  static final int MAX_TOKEN_LENGTH = 40;
  private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    CharTokenizer tokenizer = new CharTokenizer() {
      @Override
      protected boolean isTokenChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
      }
    };
    TokenStream stream = new IdentifierSplitFilter(tokenizer);
    // Single letters (loop variables, the x of getX) match everything and mean nothing.
    stream = new LengthFilter(stream, 2, MAX_TOKEN_LENGTH);
    stream = new StopFilter(stream, STOP_WORDS);
    stream = new PorterStemFilter(stream);
    return new TokenStreamComponents(tokenizer, stream);
  }
}
