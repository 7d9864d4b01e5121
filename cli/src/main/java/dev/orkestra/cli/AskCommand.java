package dev.orkestra.cli;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Coach find/explain: where is something in a repository, answered only with verified lines. */
@Command(name = "ask", mixinStandardHelpOptions = true,
    description = "Ask where something is in a repository; the answer cites only lines fetched twice and matched.")
final class AskCommand extends QueryCommand {

  @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, e.g. \"Where is authentication implemented?\"")
  String question;

  @Option(names = "--explain", description = "Explain rather than only find (coach explain).")
  boolean explain;

  @Option(names = "--coaching", description = "Add labelled coaching from the configured model, based only on verified code.")
  boolean coaching;

  @Option(names = "--max", defaultValue = "5", paramLabel = "N", description = "At most N matches (default ${DEFAULT-VALUE}, up to 20).")
  int max;

  @Override
  QueryRequested.Builder request(RepoRef repository) {
    return QueryRequested.newBuilder()
        .setRole(QueryRole.COACH)
        .setAction(explain ? QueryAction.EXPLAIN : QueryAction.FIND)
        .setQuestion(question)
        .setIncludeCoaching(coaching)
        .setMaxMatches(max);
  }
}
