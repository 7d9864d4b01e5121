package dev.orkestra.synthesis;

import dev.orkestra.composer.Fixtures;
import dev.orkestra.events.common.ModelRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.SynthesisRequested;
import dev.orkestra.events.query.VerifiedExcerpt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real model registry with scripted models, written into a test's temporary directory. */
final class SynthesisFixtures {

  static final String OAUTH_COACHING =
      "Suggestion: add an OAuth callback next to login() and issue the token there (backend/auth.py:10-11).";

  private SynthesisFixtures() {}

  static Path writeRegistry(Path dir) throws IOException {
    Files.writeString(dir.resolve("synthesizer-script.yaml"), """
        - role: synthesizer
          match: OAuth
          response: "%s"
          inputTokens: 400
          outputTokens: 50
        - role: synthesizer
          match: payments
          response: "NOT_AVAILABLE: the excerpts show no payment code"
          inputTokens: 300
          outputTokens: 10
        - role: synthesizer
          match: silence
          response: "   "
        """.formatted(OAUTH_COACHING));
    Path models = dir.resolve("models.yaml");
    Files.writeString(models, """
        models:
          - id: coach-scripted
            provider: scripted
            model: scripted-1
            family: scripted
            script: synthesizer-script.yaml
            inputPricePerMillion: 3.0
            outputPricePerMillion: 15.0
          - id: second-scripted
            provider: scripted
            model: scripted-2
            family: other
            script: synthesizer-script.yaml
            inputPricePerMillion: 0
            outputPricePerMillion: 0
          - id: claude-needs-key
            provider: anthropic
            model: claude-sonnet
            family: claude
            apiKeyEnv: ORKESTRA_TEST_UNSET_KEY_FOR_SYNTHESIS
            inputPricePerMillion: 3.0
            outputPricePerMillion: 15.0
        """);
    return models;
  }

  static SynthesisRequested request(String question, List<VerifiedExcerpt> verified, ModelRef model) {
    return SynthesisRequested.newBuilder()
        .setEnvelope(Fixtures.envelope())
        .setAction(QueryAction.EXPLAIN)
        .setQuestion(question)
        .setRepo(Fixtures.github("main"))
        .setVerified(verified)
        .setModel(model)
        .build();
  }

  static List<VerifiedExcerpt> authExcerpts() {
    return List.of(
        Fixtures.lines("c1", "backend/auth.py", 10, 11, Fixtures.AUTH_LINES, 0.9),
        Fixtures.lines("c2", "backend/server.py", 45, 46, "app = Flask(__name__)\napp.register(auth)", 0.5));
  }
}
