package dev.orkestra.cli.query;

import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.LinesData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.QueryResponse;
import dev.orkestra.events.query.Source;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The readable rendering of an answer: status line, message, the cited lines numbered, sources. */
public final class AnswerView {

  private AnswerView() {}

  public static String render(QueryResponse response) {
    StringBuilder out = new StringBuilder();
    String commit = response.getRepo() == null || response.getRepo().getCommitSha() == null ? ""
        : " · commit " + response.getRepo().getCommitSha().substring(0, Math.min(12, response.getRepo().getCommitSha().length()));
    out.append(response.getStatus().name().toLowerCase()).append(commit)
        .append(" · fetched ").append(DateTimeFormatter.ISO_INSTANT.format(response.getFetchedAt().truncatedTo(ChronoUnit.SECONDS)))
        .append(response.getElapsedMs() == null ? "" : " · " + response.getElapsedMs() + " ms").append('\n');
    out.append(response.getMessage()).append('\n');
    QueryData data = response.getData();
    if (data != null) {
      if (data.getFile() != null) {
        FileData file = data.getFile();
        out.append('\n').append(file.getPath()).append(" (").append(file.getLineCount()).append(" lines, blob ")
            .append(shortSha(file.getBlobSha())).append(")\n");
        numbered(out, file.getContent(), 1);
      }
      if (data.getLines() != null) {
        LinesData lines = data.getLines();
        out.append('\n').append(lines.getPath()).append(':').append(lines.getStartLine()).append('-')
            .append(lines.getEndLine()).append(" (blob ").append(shortSha(lines.getBlobSha())).append(")\n");
        numbered(out, lines.getLines(), lines.getStartLine());
      }
      for (Match match : data.getMatches()) {
        out.append('\n').append(match.getPath()).append(':').append(match.getStartLine()).append('-')
            .append(match.getEndLine()).append(String.format(" (score %.2f, blob %s)%n", match.getScore(),
                shortSha(match.getBlobSha())));
        numbered(out, match.getLines(), match.getStartLine());
      }
      if (data.getCoaching() != null) {
        Coaching coaching = data.getCoaching();
        out.append('\n').append("Coaching [").append(coaching.getLabel()).append(']')
            .append(coaching.getModel() == null ? "" : " by " + coaching.getModel().getModelId()).append(":\n");
        coaching.getText().lines().forEach(line -> out.append("  ").append(line).append('\n'));
      }
    }
    if (!response.getSources().isEmpty()) {
      out.append("\nSources:\n");
      for (Source source : response.getSources()) {
        out.append("  ").append(source.getUrl()).append('\n');
      }
    }
    if (!response.getViolations().isEmpty()) {
      out.append("\nAudit:\n");
      response.getViolations().forEach(v -> out.append("  ").append(v.getRule()).append(": ").append(v.getMessage()).append('\n'));
    }
    return out.toString();
  }

  private static void numbered(StringBuilder out, String text, int firstLine) {
    // A final newline ends the last line; it does not start another one.
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    String[] lines = body.split("\n", -1);
    int width = Integer.toString(firstLine + lines.length - 1).length();
    for (int i = 0; i < lines.length; i++) {
      out.append(String.format("  %" + width + "d | %s%n", firstLine + i, lines[i]));
    }
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
  }
}
