package dev.orkestra.auditor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditFixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.Coaching;
import dev.orkestra.events.query.FileData;
import dev.orkestra.events.query.Match;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourcesVerifiedRuleTest {

  private final SourcesVerifiedRule rule = new SourcesVerifiedRule();

  @Test
  void answersBuiltFromVerifiedExcerptsPass() {
    assertThat(rule.check(AuditFixtures.find().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.file().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.lines().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.explainWithCoaching(AuditFixtures.suggestion()).build())).isEmpty();
  }

  @Test
  void answersCheckedAgainstVerifiedDigestsPass() {
    assertThat(rule.check(AuditFixtures.byDigest(AuditFixtures.find()).build())).isEmpty();
    assertThat(rule.check(AuditFixtures.byDigest(AuditFixtures.file()).build())).isEmpty();
    assertThat(rule.check(AuditFixtures.byDigest(AuditFixtures.lines()).build())).isEmpty();
    assertThat(rule.check(AuditFixtures.byDigest(AuditFixtures.explainWithCoaching(AuditFixtures.suggestion()))
        .build())).isEmpty();
  }

  @Test
  void textThatDoesNotHashToTheVerifiedDigestIsCaught() {
    AuditRequested.Builder file = AuditFixtures.byDigest(AuditFixtures.file());
    FileData changed = FileData.newBuilder(file.getAnswer().getData().getFile()).setContent("# demo\n\nhello!").build();
    AuditRequested.Builder find = AuditFixtures.byDigest(AuditFixtures.find());

    assertThat(rule.check(file.setAnswer(Answer.newBuilder(file.getAnswer())
        .setData(QueryData.newBuilder().setFile(changed).build()).build()).build()))
        .extracting(RuleViolation::getField).containsExactly("data.file.content");
    assertThat(rule.check(find.setAnswer(withMatch(find.getAnswer(), AuditFixtures.authMatch("def login(user):")))
        .build())).extracting(RuleViolation::getField).containsExactly("data.matches[0].lines");
  }

  @Test
  void aDigestIsTiedToItsPlaceAndLineCount() {
    AuditRequested.Builder file = AuditFixtures.byDigest(AuditFixtures.file());
    FileData longer = FileData.newBuilder(file.getAnswer().getData().getFile()).setLineCount(4).build();
    AuditRequested.Builder find = AuditFixtures.byDigest(AuditFixtures.find());
    Match otherBlob = Match.newBuilder(AuditFixtures.authMatch(AuditFixtures.AUTH_LINES)).setBlobSha("blob-x").build();

    assertThat(rule.check(file.setAnswer(Answer.newBuilder(file.getAnswer())
        .setData(QueryData.newBuilder().setFile(longer).build()).build()).build()))
        .extracting(RuleViolation::getField).containsExactly("data.file.lineCount");
    assertThat(rule.check(find.setAnswer(withMatch(find.getAnswer(), otherBlob)).build()))
        .extracting(RuleViolation::getField).contains("data.matches[0]");
  }

  @Test
  void coachingMayOnlyBeBasedOnCandidatesVerifiedByDigest() {
    Coaching coaching = Coaching.newBuilder(AuditFixtures.suggestion()).setBasedOn(List.of("c1", "c7")).build();

    assertThat(rule.check(AuditFixtures.byDigest(AuditFixtures.explainWithCoaching(coaching)).build()))
        .extracting(RuleViolation::getField).containsExactly("data.coaching.basedOn[1]");
  }

  @Test
  void aWholeFileSourceMayOmitTheRange() {
    AuditRequested.Builder request = AuditFixtures.file();
    Answer answer = Answer.newBuilder(request.getAnswer())
        .setSources(List.of(AuditFixtures.source("README.md", "blob-readme", null, null))).build();

    assertThat(rule.check(request.setAnswer(answer).build())).isEmpty();
  }

  @Test
  void alteredMatchTextIsCaughtWithoutQuotingIt() {
    AuditRequested.Builder request = AuditFixtures.find();
    Answer answer = withMatch(request.getAnswer(), AuditFixtures.authMatch("def login(user):\n    return 'admin'"));

    List<RuleViolation> violations = rule.check(request.setAnswer(answer).build());

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.getRule()).isEqualTo("sources_verified");
      assertThat(v.getField()).isEqualTo("data.matches[0].lines");
      assertThat(v.getMessage()).isEqualTo("differs from the verified text of lines 10-11").doesNotContain("admin");
    });
  }

  @Test
  void aMatchOutsideTheVerifiedRangeIsCaught() {
    AuditRequested.Builder request = AuditFixtures.find();
    Match shifted = Match.newBuilder(AuditFixtures.authMatch(AuditFixtures.AUTH_LINES)).setStartLine(9).build();
    Answer answer = withMatch(request.getAnswer(), shifted);

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("data.matches[0]");
  }

  @Test
  void aSourceWithAnotherBlobIsUnverified() {
    AuditRequested.Builder request = AuditFixtures.find();
    Answer answer = Answer.newBuilder(request.getAnswer())
        .setSources(List.of(AuditFixtures.source("backend/auth.py", "blob-other", 10, 11))).build();

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("sources[0]", "data.matches[0]");
  }

  @Test
  void aDatumWithoutASourceIsCaught() {
    AuditRequested.Builder request = AuditFixtures.lines();
    Source other = Source.newBuilder(AuditFixtures.source("README.md", "blob-readme", null, null)).build();
    AuditRequested both = request.setVerified(List.of(AuditFixtures.authExcerpt(), AuditFixtures.readmeExcerpt()))
        .setAnswer(Answer.newBuilder(request.getAnswer()).setSources(List.of(other)).build()).build();

    assertThat(rule.check(both)).singleElement().satisfies(v -> {
      assertThat(v.getField()).isEqualTo("data.lines");
      assertThat(v.getMessage()).isEqualTo("no source cites lines 10-11");
    });
  }

  @Test
  void fileContentMustBeTheVerifiedText() {
    AuditRequested.Builder request = AuditFixtures.file();
    FileData changed = FileData.newBuilder(request.getAnswer().getData().getFile()).setContent("# demo\n").build();
    Answer answer = Answer.newBuilder(request.getAnswer())
        .setData(QueryData.newBuilder().setFile(changed).build()).build();

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("data.file.content");
  }

  @Test
  void anythingWithoutVerifiedExcerptsIsUnverified() {
    AuditRequested request = AuditFixtures.find().setVerified(List.of()).build();

    assertThat(rule.check(request)).extracting(RuleViolation::getField)
        .containsExactly("sources[0]", "data.matches[0]");
  }

  @Test
  void coachingMayOnlyBeBasedOnVerifiedCandidates() {
    Coaching coaching = Coaching.newBuilder(AuditFixtures.suggestion()).setBasedOn(List.of("c1", "c7")).build();

    assertThat(rule.check(AuditFixtures.explainWithCoaching(coaching).build())).extracting(RuleViolation::getField)
        .containsExactly("data.coaching.basedOn[1]");
  }

  private static Answer withMatch(Answer answer, Match match) {
    return Answer.newBuilder(answer).setData(QueryData.newBuilder().setMatches(List.of(match)).build()).build();
  }
}
