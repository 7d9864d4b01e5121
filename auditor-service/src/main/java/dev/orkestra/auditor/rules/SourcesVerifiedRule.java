package dev.orkestra.auditor.rules;

import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.LinesData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.Source;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Nothing unverified reaches the user: every source cites a verified excerpt (path, line range, blob
 * SHA); every file/lines/match datum is one, with text identical to the verified text and a source
 * citing it; coaching is based only on verified candidates.
 */
public final class SourcesVerifiedRule implements AuditRule {

  public static final String NAME = "sources_verified";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<RuleViolation> check(AuditRequested request) {
    List<RuleViolation> violations = new ArrayList<>();
    Answer answer = request.getAnswer();
    if (answer == null) {
      return violations;
    }
    VerifiedContent truth = new VerifiedContent(request);
    List<Source> sources = answer.getSources() == null ? List.of() : answer.getSources();
    for (int i = 0; i < sources.size(); i++) {
      Source source = sources.get(i);
      if (source != null && truth.at(source.getPath(), source.getBlobSha(), source.getStartLine(),
          source.getEndLine()).isEmpty()) {
        violations.add(violation("sources[" + i + "]", "cites " + range(source.getStartLine(), source.getEndLine())
            + " that no verified excerpt covers with the same path and blob SHA"));
      }
    }
    QueryData data = answer.getData();
    if (data == null) {
      return violations;
    }
    if (data.getFile() != null) {
      checkFile(data.getFile(), truth, sources, violations);
    }
    if (data.getLines() != null) {
      LinesData lines = data.getLines();
      checkQuote("data.lines", lines.getPath(), lines.getBlobSha(), lines.getStartLine(), lines.getEndLine(),
          lines.getLines(), truth, sources, violations);
    }
    List<Match> matches = data.getMatches() == null ? List.of() : data.getMatches();
    for (int i = 0; i < matches.size(); i++) {
      Match m = matches.get(i);
      checkQuote("data.matches[" + i + "]", m.getPath(), m.getBlobSha(), m.getStartLine(), m.getEndLine(),
          m.getLines(), truth, sources, violations);
    }
    if (data.getCoaching() != null) {
      checkCoaching(data.getCoaching(), truth.candidateIds(), violations);
    }
    return violations;
  }

  private void checkFile(FileData file, VerifiedContent truth, List<Source> sources, List<RuleViolation> violations) {
    Optional<VerifiedContent.Verified> excerpt = truth.wholeFile(file.getPath(), file.getBlobSha());
    if (excerpt.isEmpty()) {
      violations.add(violation("data.file", "no verified whole-file excerpt has this path and blob SHA"));
      return;
    }
    if (!excerpt.get().sameText().test(file.getContent())) {
      violations.add(violation("data.file.content", "differs from the verified text"));
    }
    if (file.getLineCount() != excerpt.get().lineCount()) {
      violations.add(violation("data.file.lineCount", "differs from the verified line count"));
    }
    boolean cited = sources.stream().anyMatch(s -> s != null && Objects.equals(s.getPath(), file.getPath())
        && Objects.equals(s.getBlobSha(), file.getBlobSha()));
    if (!cited) {
      violations.add(violation("data.file", "no source cites the file"));
    }
  }

  private void checkQuote(String field, String path, String blobSha, int startLine, int endLine, String text,
      VerifiedContent truth, List<Source> sources, List<RuleViolation> violations) {
    Optional<VerifiedContent.Verified> excerpt = truth.at(path, blobSha, startLine, endLine);
    if (excerpt.isEmpty()) {
      violations.add(violation(field, range(startLine, endLine)
          + " match no verified excerpt with the same path and blob SHA"));
      return;
    }
    if (!excerpt.get().sameText().test(text)) {
      violations.add(violation(field + ".lines",
          "differs from the verified text of " + range(startLine, endLine)));
    }
    boolean cited = sources.stream().anyMatch(s -> s != null && Objects.equals(s.getPath(), path)
        && Objects.equals(s.getBlobSha(), blobSha) && Objects.equals(s.getStartLine(), startLine)
        && Objects.equals(s.getEndLine(), endLine));
    if (!cited) {
      violations.add(violation(field, "no source cites " + range(startLine, endLine)));
    }
  }

  private void checkCoaching(Coaching coaching, Set<String> verifiedIds, List<RuleViolation> violations) {
    List<String> basedOn = coaching.getBasedOn() == null ? List.of() : coaching.getBasedOn();
    for (int i = 0; i < basedOn.size(); i++) {
      if (!verifiedIds.contains(basedOn.get(i))) {
        violations.add(violation("data.coaching.basedOn[" + i + "]", "refers to a candidate that was not verified"));
      }
    }
  }

  private static String range(Integer startLine, Integer endLine) {
    return startLine == null ? "the whole file" : "lines " + startLine + "-" + endLine;
  }
}
