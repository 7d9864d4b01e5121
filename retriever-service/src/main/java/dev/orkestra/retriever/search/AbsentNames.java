package dev.orkestra.retriever.search;

import dev.orkestra.retriever.index.IndexFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * The names a question uses that the repository never mentions: "Can it balance VMs across VMware
 * ESXi hosts?" in a repository where no file says VMware is about something the repository does not
 * contain, however well its other words match. A name is a word written with a capital letter or
 * digits inside a sentence (VMware, Twilio, GraphQL, OAuth2, S3) — not the first word of a sentence —
 * and it is absent when no term of the index starts with it (so "Postgres" is found in
 * "postgresql"). This is evidence relative to the repository, unlike a score threshold: the same
 * question is refused in one repository and answered in another. Questions about adding something
 * are exempt.
 */
final class AbsentNames {

  private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9]*(?:[-'][A-Za-z0-9]+)*");
  private static final Set<String> FIELDS = Set.of(IndexFields.BODY, IndexFields.PATH_TEXT, IndexFields.SYMBOLS);

  /**
   * A question about bringing something new in ("How can I add OAuth authentication?", seed 000's
   * coaching request) names what is absent on purpose: its answer is the code the addition would
   * touch, so such names prove nothing.
   */
  private static final Pattern ADDING = Pattern.compile(
      "\\b(add|adding|integrate|integrating|introduce|introducing|plug|extend|extending|migrate|migrating|switch"
          + "|switching|replace|replacing)\\b", Pattern.CASE_INSENSITIVE);

  private AbsentNames() {}

  /** The names of {@code question} no indexed term starts with, in question order. */
  static List<String> in(String question, Analyzer analyzer, IndexReader reader) throws IOException {
    List<String> absent = new ArrayList<>();
    if (ADDING.matcher(question).find()) {
      return absent;
    }
    for (String name : names(question)) {
      if (!mentioned(name, analyzer, reader)) {
        absent.add(name);
      }
    }
    return absent;
  }

  /** Whether an indexed term starts with {@code word}, as written or as the analyzer keeps it whole. */
  static boolean mentioned(String word, Analyzer analyzer, IndexReader reader) throws IOException {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(word.toLowerCase(Locale.ROOT));
    List<String> analyzed = QueryTerms.analyze(analyzer, word);
    if (!analyzed.isEmpty()) {
      forms.add(analyzed.getFirst()); // the whole word as the index holds it
    }
    for (String form : forms) {
      if (hasPrefix(reader, form)) {
        return true;
      }
    }
    return false;
  }

  /** Words with a capital letter or a digit after their first letter, or capitalised inside a sentence. */
  static List<String> names(String question) {
    List<String> names = new ArrayList<>();
    Matcher words = WORD.matcher(question);
    while (words.find()) {
      String word = words.group();
      if (word.length() < 2 || !hasCapitalOrDigit(word) || sentenceStart(question, words.start())
          || QueryTerms.QUESTION_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
        continue;
      }
      names.add(word.endsWith("'s") ? word.substring(0, word.length() - 2) : word);
    }
    return names;
  }

  private static boolean hasCapitalOrDigit(String word) {
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (Character.isUpperCase(c) || (i > 0 && Character.isDigit(c))) {
        return true;
      }
    }
    return false;
  }

  /** At the start of the text or after a sentence's end (., ?, !, : or a quote opening a sentence). */
  private static boolean sentenceStart(String text, int at) {
    int i = at - 1;
    while (i >= 0 && (text.charAt(i) == ' ' || text.charAt(i) == '"' || text.charAt(i) == '\'' || text.charAt(i) == '(')) {
      i--;
    }
    return i < 0 || ".?!:—".indexOf(text.charAt(i)) >= 0;
  }

  private static boolean hasPrefix(IndexReader reader, String prefix) throws IOException {
    BytesRef wanted = new BytesRef(prefix);
    for (String field : FIELDS) {
      Terms terms = MultiTerms.getTerms(reader, field);
      if (terms == null) {
        continue;
      }
      TermsEnum iterator = terms.iterator();
      if (iterator.seekCeil(wanted) != TermsEnum.SeekStatus.END
          && org.apache.lucene.util.StringHelper.startsWith(iterator.term(), wanted)) {
        return true;
      }
    }
    return false;
  }
}
