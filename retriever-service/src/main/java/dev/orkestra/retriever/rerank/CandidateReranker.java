package dev.orkestra.retriever.rerank;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.orkestra.retriever.search.SearchHit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shows the retriever model the top candidates — numbered, each as {@code path:start-end} and the
 * first lines of its code, the whole bounded — and keeps the ones it names, in its order. The model
 * can only reorder or leave out candidates that exist: its reply is read as numbers of shown
 * candidates ({@link RerankReply}), and the result is always taken from the candidates given
 * ({@link #apply}). An unusable reply, or a failed call, keeps the search order.
 */
public final class CandidateReranker {

  /** Candidates shown to the model at most; any further ones keep their place after those it kept. */
  static final int MAX_SHOWN = 20;
  /** Per candidate, and for all of them together: the prompt stays small whatever the chunks hold. */
  static final int MAX_SNIPPET_LINES = 12;
  static final int MAX_LINE_CHARS = 160;
  static final int MAX_SNIPPET_CHARS = 700;
  static final int MAX_SNIPPETS_CHARS = 8_000;
  /** How the user message starts (scripted models match on it). */
  public static final String HEADER = "Rank these code search results.";

  static final String SYSTEM = """
      You rank the results of a code search. The user message has a developer's question about a \
      repository and numbered candidates, each a file path with a line range and the first lines of \
      that code.
      Reply with JSON only, no prose: {"keep": [numbers]}: the numbers of the candidates that help \
      answer the question, the most useful first. Leave out the ones that do not help. Use only the \
      numbers shown; do not name files or lines.""";

  private CandidateReranker() {}

  /**
   * {@code candidates} in the model's order; unchanged when the call fails or the reply is unusable
   * (logged). One candidate or none is nothing to rank: no call.
   */
  static List<SearchHit> rerank(ModelStep step, String question, List<SearchHit> candidates) throws Exception {
    if (candidates.size() < 2) {
      return candidates;
    }
    int shown = Math.min(MAX_SHOWN, candidates.size());
    Optional<String> reply = step.ask("rerank", messages(question, candidates.subList(0, shown)));
    if (reply.isEmpty()) {
      return candidates;
    }
    RerankReply parsed = RerankReply.parse(reply.get(), shown);
    if (!parsed.usable()) {
      step.unusable("rerank", parsed.problem() + "; keeping the search order");
    } else if (parsed.order().isEmpty()) {
      step.unusable("rerank", "it keeps no candidate; keeping the search's first");
    }
    return apply(parsed, candidates, shown);
  }

  /**
   * The invariant in one place: every candidate returned is one of {@code candidates}, each at most
   * once. Unusable reply: {@code candidates} as they are. Otherwise the shown candidates the reply
   * names, in its order, then the candidates that were not shown; an empty list keeps the first
   * candidate (the relevance gate, not the model, decides that nothing is relevant).
   */
  public static List<SearchHit> apply(RerankReply reply, List<SearchHit> candidates, int shown) {
    if (!reply.usable() || candidates.isEmpty()) {
      return candidates;
    }
    List<SearchHit> kept = new ArrayList<>();
    for (int position : reply.order()) {
      if (position >= 0 && position < shown && position < candidates.size()) {
        kept.add(candidates.get(position));
      }
    }
    if (kept.isEmpty()) {
      kept.add(candidates.getFirst());
    }
    kept.addAll(candidates.subList(Math.min(shown, candidates.size()), candidates.size()));
    return List.copyOf(kept);
  }

  static List<ChatMessage> messages(String question, List<SearchHit> shown) {
    StringBuilder text = new StringBuilder(HEADER).append("\nQuestion: ").append(QueryRewrite.cap(question.strip()))
        .append("\n\nCandidates:\n");
    int budget = Math.min(MAX_SNIPPET_CHARS, MAX_SNIPPETS_CHARS / Math.max(1, shown.size()));
    for (int i = 0; i < shown.size(); i++) {
      SearchHit hit = shown.get(i);
      text.append('\n').append('[').append(i + 1).append("] ").append(hit.path()).append(':').append(hit.startLine())
          .append('-').append(hit.endLine()).append('\n').append(snippet(hit.text(), budget));
    }
    return List.of(SystemMessage.from(SYSTEM), UserMessage.from(text.toString()));
  }

  /** The first non-blank lines of a chunk, indented (so no code can pose as the prompt's own text), within {@code budget}. */
  static String snippet(String text, int budget) {
    StringBuilder snippet = new StringBuilder();
    int lines = 0;
    for (String line : (text == null ? "" : text).split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      String cut = line.stripTrailing();
      cut = cut.length() > MAX_LINE_CHARS ? cut.substring(0, MAX_LINE_CHARS) + "…" : cut;
      if (lines == MAX_SNIPPET_LINES || snippet.length() + cut.length() + 5 > budget) {
        snippet.append("    …\n");
        break;
      }
      snippet.append("    ").append(cut).append('\n');
      lines++;
    }
    return snippet.toString();
  }
}
