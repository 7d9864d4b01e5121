package dev.orkestra.retriever.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a rerank reply says: the shown candidates to keep, most useful first, as 0-based positions.
 * Read tolerantly — {@code {"keep": [3, 1]}}, a bare {@code [3, 1]}, in a code fence or after prose;
 * numbers as {@code 3}, {@code "3"}, {@code "[3]"} or {@code "#3"} — and strictly about what it may
 * name: a number that was not shown, a repeated number, a path, a range or anything else is
 * ignored (and listed in {@link #ignored}), so a reply can only reorder or leave out candidates
 * that exist. An empty list is usable and means "none of them helps"; a reply with entries of which
 * none names a shown candidate, or with no list at all, is not usable ({@link #problem}).
 *
 * @param order positions of the kept candidates, best first, each once, each below the number shown
 * @param problem why the reply is not usable, {@code null} when it is
 * @param ignored entries that named no shown candidate (for the log)
 */
public record RerankReply(List<Integer> order, String problem, List<String> ignored) {

  private static final Pattern NUMBER = Pattern.compile("\\s*(?:#|\\[)?\\s*(\\d{1,4})\\s*]?\\s*");
  private static final int MAX_IGNORED_SHOWN = 5;

  public RerankReply {
    order = List.copyOf(order);
    ignored = List.copyOf(ignored);
  }

  public boolean usable() {
    return problem == null;
  }

  /** @param shown how many candidates the prompt numbered (1 to {@code shown}) */
  public static RerankReply parse(String reply, int shown) {
    Optional<JsonNode> json = ReplyJson.first(reply);
    if (json.isEmpty()) {
      return unusable("no JSON in the reply");
    }
    JsonNode list = json.get().isArray() ? json.get() : json.get().get("keep");
    if (list == null || !list.isArray()) {
      return unusable("the reply has no \"keep\" list");
    }
    Set<Integer> order = new LinkedHashSet<>();
    List<String> ignored = new ArrayList<>();
    for (JsonNode entry : list) {
      int n = number(entry);
      if (n >= 1 && n <= shown && order.add(n - 1)) {
        continue;
      }
      ignored.add(entry.toString());
    }
    if (order.isEmpty() && !ignored.isEmpty()) {
      return new RerankReply(List.of(), "none of its " + ignored.size() + " entries names a shown candidate (1-"
          + shown + "): " + sample(ignored), ignored);
    }
    return new RerankReply(new ArrayList<>(order), null, ignored);
  }

  /** The candidate number an entry names, or -1. */
  private static int number(JsonNode entry) {
    if (entry.isIntegralNumber() && entry.canConvertToInt()) {
      return entry.intValue();
    }
    if (entry.isNumber() && entry.doubleValue() == Math.rint(entry.doubleValue()) && Math.abs(entry.doubleValue()) < 1e4) {
      return (int) entry.doubleValue();
    }
    if (entry.isTextual()) {
      Matcher m = NUMBER.matcher(entry.textValue());
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return -1;
  }

  private static String sample(List<String> ignored) {
    List<String> shown = ignored.stream().limit(MAX_IGNORED_SHOWN)
        .map(s -> s.length() > 60 ? s.substring(0, 60) + "…" : s).toList();
    return String.join(", ", shown) + (ignored.size() > MAX_IGNORED_SHOWN ? ", …" : "");
  }

  private static RerankReply unusable(String problem) {
    return new RerankReply(List.of(), problem, List.of());
  }
}
