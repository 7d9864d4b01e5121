package dev.orkestra.auditor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orkestra.auditor.AuditFixtures;
import dev.orkestra.events.query.Answer;
import dev.orkestra.events.query.AuditRequested;
import dev.orkestra.events.query.QueryData;
import dev.orkestra.events.query.RuleViolation;
import dev.orkestra.events.query.Source;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoCredentialsRuleTest {

  // Fake credentials, assembled at run time so no scanner mistakes this file for a leak.
  private static final String GITHUB_TOKEN = "ghp_" + "A1b2C3d4E5".repeat(4);
  private static final String FINE_GRAINED = "github_pat_" + "11ABCDEFG0".repeat(3);
  private static final String API_KEY = "sk-" + "proj-" + "x7Y8z9W0v1".repeat(3);
  private static final String AWS_KEY = "AKIA" + "IOSFODNN7EXAMPLE";
  private static final String PRIVATE_KEY = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIEow...";
  private static final String BEARER = "Authorization: " + "Bearer " + "eyJhbGciOiJIUzI1NiJ9.payload";
  private static final String URL_PASSWORD = "https://deploy:" + "s3cr3t@" + "example.com/repo.git";

  private final NoCredentialsRule rule = new NoCredentialsRule();

  @Test
  void cleanAnswersPass() {
    assertThat(rule.check(AuditFixtures.find().build())).isEmpty();
    assertThat(rule.check(AuditFixtures.file().build())).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "GITHUB_TOKEN, GitHub token",
      "FINE_GRAINED, GitHub fine-grained token",
      "API_KEY, sk- API key",
      "AWS_KEY, AWS access key id",
      "PRIVATE_KEY, private key block",
      "BEARER, Authorization bearer token",
      "URL_PASSWORD, URL with user:password"})
  void everyCredentialShapeInVerbatimContentIsFlaggedWithoutEchoingIt(String which, String kind) {
    String secret = secret(which);
    List<RuleViolation> violations = rule.check(withMatchLines("config = {\n  'key': '" + secret + "'\n}"));

    assertThat(violations).singleElement().satisfies(v -> {
      assertThat(v.getRule()).isEqualTo("no_credentials");
      assertThat(v.getField()).isEqualTo("data.matches[0].lines");
      assertThat(v.getMessage()).isEqualTo("data.matches[0].lines contains what looks like a " + kind
          + " (value not shown)");
      assertThat(v.toString()).doesNotContain(secret);
    });
  }

  @Test
  void everyStringFieldIsScanned() {
    AuditRequested.Builder request = AuditFixtures.find();
    Source leaky = Source.newBuilder(request.getAnswer().getSources().getFirst()).setUrl(URL_PASSWORD).build();
    Answer answer = Answer.newBuilder(request.getAnswer()).setSources(List.of(leaky))
        .setMessage("token " + GITHUB_TOKEN).build();

    assertThat(rule.check(request.setAnswer(answer).build())).extracting(RuleViolation::getField)
        .containsExactly("sources[0].url", "message");
  }

  @Test
  void harmlessLookalikesPass() {
    assertThat(rule.check(withMatchLines("import sk-learn as skl\ngit@github.com:owner/repo.git\n"
        + "Authorization: Bearer <token>\nhttps://github.com/o/n"))).isEmpty();
  }

  private static AuditRequested withMatchLines(String lines) {
    AuditRequested.Builder request = AuditFixtures.find();
    Answer answer = Answer.newBuilder(request.getAnswer())
        .setData(QueryData.newBuilder().setMatches(List.of(AuditFixtures.authMatch(lines))).build()).build();
    return request.setAnswer(answer).build();
  }

  private static String secret(String which) {
    return switch (which) {
      case "GITHUB_TOKEN" -> GITHUB_TOKEN;
      case "FINE_GRAINED" -> FINE_GRAINED;
      case "API_KEY" -> API_KEY;
      case "AWS_KEY" -> AWS_KEY;
      case "PRIVATE_KEY" -> PRIVATE_KEY;
      case "BEARER" -> BEARER;
      case "URL_PASSWORD" -> URL_PASSWORD;
      default -> throw new IllegalArgumentException(which);
    };
  }
}
