package dev.orkestra.cli;

import dev.orkestra.events.common.RepoRef;
import dev.orkestra.events.query.QueryAction;
import dev.orkestra.events.query.QueryRequested;
import dev.orkestra.events.query.QueryRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Admin get_lines: a line range, verbatim, at the resolved commit. */
@Command(name = "get-lines", mixinStandardHelpOptions = true, description = "Fetch lines of a file, verified, at a commit.")
final class GetLinesCommand extends QueryCommand {

  @Option(names = "--path", required = true, paramLabel = "P", description = "Path relative to the repository root.")
  String path;

  @Option(names = "--lines", required = true, paramLabel = "START-END", description = "1-based inclusive range, e.g. 45-60.")
  String lines;

  @Override
  QueryRequested.Builder request(RepoRef repository) {
    if (!lines.matches("\\d{1,7}-\\d{1,7}")) {
      throw new IllegalArgumentException("--lines: expected START-END such as 45-60, was '" + lines + "'");
    }
    String[] range = lines.split("-");
    return QueryRequested.newBuilder().setRole(QueryRole.ADMIN).setAction(QueryAction.GET_LINES).setPath(path)
        .setStartLine(Integer.parseInt(range[0])).setEndLine(Integer.parseInt(range[1]));
  }
}
